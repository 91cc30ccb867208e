// /registry/import — a community worker imports their spreadsheet of people: what the file needs and
// the template, a drop zone; then the job's report (?job=ID, polled while the server checks or
// writes): progress, the columns as read, the problems per code and every problem by row, and the
// choice to import all rows (only when every row is valid) or only the valid ones; the outcome; and
// the recent imports of the area, each of which reopens its report.
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { App, Button, Card, Spin, Typography, Upload } from 'antd'
import { Link, useSearchParams } from 'react-router'
import { ApiErrorAlert, errorTitle } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { useDownloadImportTemplate, useUploadImport } from '../api/imports'
import type { ImportJob } from '../import-types'
import { downloadBlob, IMPORT_ACCEPT, uploadRefusal } from '../lib/files'
import { jobIdFrom } from '../lib/import-paths'
import { registryPaths } from '../lib/paths'
import { ImportReport } from './import-report'
import { RecentImports } from './import-recent'

export function ImportPage() {
  const i18n = useI18n()
  const { t } = i18n
  const { message } = App.useApp()
  const [search, setSearch] = useSearchParams()
  const jobId = jobIdFrom(search.get('job'))
  const template = useDownloadImportTemplate()

  const openJob = (id: number | undefined) => setSearch(id === undefined ? {} : { job: String(id) })
  const downloadTemplate = () =>
    template.mutate(undefined, {
      onSuccess: ({ blob, filename }) => downloadBlob(blob, filename ?? '实有人口导入模板.xlsx'),
      onError: (err) => void message.error(errorTitle(err, i18n)),
    })

  return (
    <div className="admin-page registry-page" data-testid="import-page">
      <div className="admin-head">
        <div>
          <Link to={registryPaths.people} className="small">
            <ArrowLeftOutlined /> {t('registry.import.back')}
          </Link>
          <h1 className="admin-title">{t('registry.import.title')}</h1>
        </div>
        <Button icon={<DownloadOutlined />} onClick={downloadTemplate} loading={template.isPending} data-testid="import-template">
          {t('registry.import.template')}
        </Button>
      </div>
      {jobId === undefined ? (
        <ImportUpload onUploaded={(job) => openJob(job.id)} />
      ) : (
        <ImportReport key={jobId} id={jobId} onUploadAnother={() => openJob(undefined)} />
      )}
      <RecentImports currentId={jobId} onOpen={openJob} />
    </div>
  )
}

/** What the file needs (Chinese headers first), and the drop zone. */
function ImportUpload({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const { t } = useI18n()
  const upload = useUploadImport()
  const { message } = App.useApp()

  const send = (file: File) => {
    const refusal = uploadRefusal(file)
    if (refusal) {
      void message.error(t(`registry.import.refused.${refusal}`, { name: file.name }))
      return
    }
    upload.mutate(file, { onSuccess: onUploaded })
  }

  return (
    <div data-testid="import-upload">
      <Card size="small" title={t('registry.import.needs')} className="block" data-testid="import-needs">
        <Typography.Paragraph style={{ marginBottom: 8 }}>{t('registry.import.intro')}</Typography.Paragraph>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>
            <strong>{t('registry.import.needRequired')}</strong>
          </li>
          <li>{t('registry.import.needPlacement')}</li>
          <li>{t('registry.import.needOptional')}</li>
          <li>{t('registry.import.needFormat')}</li>
        </ul>
      </Card>
      <div className="block" data-testid="import-file" style={{ marginTop: 12 }}>
        <Upload.Dragger
          accept={IMPORT_ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            send(file)
            return Upload.LIST_IGNORE
          }}
        >
          {upload.isPending ? (
            <div style={{ padding: 12 }} data-testid="import-uploading">
              <Spin />
              <p className="ant-upload-text">{t('registry.import.uploading', { name: upload.variables?.name ?? '' })}</p>
            </div>
          ) : (
            <>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('registry.import.drop')}</p>
              <p className="ant-upload-hint">{t('registry.import.dropHint')}</p>
            </>
          )}
        </Upload.Dragger>
      </div>
      {upload.isError && (
        <div className="block">
          <ApiErrorAlert error={upload.error} data-testid="import-upload-error" />
        </div>
      )}
    </div>
  )
}
