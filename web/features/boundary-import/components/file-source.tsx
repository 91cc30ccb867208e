// Reading a GeoJSON file: parsed and checked in the browser, its problems listed before anything
// is sent; a clean file replaces the features in the list.
import { InboxOutlined } from '@ant-design/icons'
import { Alert, Table, Upload } from 'antd'
import { useI18n, type I18n } from '../../../shared/i18n'
import { parseImportFile, type ParseProblem, type ParseResult } from '../lib/parse-geojson'

export interface LoadedFile {
  name: string
  size: number
  parse: ParseResult
}

export function parseProblemMessage(p: ParseProblem, i18n: I18n): string {
  const base = i18n.t(`parse.${p.problem}`)
  return p.detail ? `${base} (${p.detail})` : base
}

function ProblemTable({ problems, testId }: { problems: ParseProblem[]; testId: string }) {
  const i18n = useI18n()
  return (
    <Table<ParseProblem & { key: number }>
      data-testid={testId}
      size="small"
      pagination={problems.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      dataSource={problems.map((p, key) => ({ ...p, key }))}
      scroll={{ x: true }}
      columns={[
        { key: 'f', title: i18n.t('problems.feature'), width: 64, render: (_, p) => (p.feature === undefined ? '—' : `#${p.feature + 1}`) },
        { key: 'field', title: i18n.t('problems.field'), render: (_, p) => <span className="code-text">{p.field ?? '—'}</span> },
        { key: 'msg', title: i18n.t('problems.message'), render: (_, p) => parseProblemMessage(p, i18n) },
      ]}
    />
  )
}

export function FileSource({ file, onFile }: { file: LoadedFile | null; onFile: (file: LoadedFile) => void }) {
  const i18n = useI18n()
  const { t } = i18n
  return (
    <div data-testid="import-file">
      <Upload.Dragger
        className="compact-dragger"
        accept=".geojson,.json,application/geo+json,application/json"
        multiple={false}
        showUploadList={false}
        beforeUpload={(f) => {
          void f.text().then((text) => onFile({ name: f.name, size: f.size, parse: parseImportFile(text) }))
          return Upload.LIST_IGNORE
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('file.drop')}</p>
        <p className="ant-upload-hint">{t('file.hint')}</p>
      </Upload.Dragger>
      {file && file.parse.errors.length > 0 && (
        <div className="block" data-testid="parse-errors">
          <Alert type="error" showIcon title={t('file.errors', { name: file.name, count: file.parse.errors.length })} description={t('file.errorsHint')} />
          <ProblemTable problems={file.parse.errors} testId="parse-error-table" />
        </div>
      )}
      {file && file.parse.errors.length === 0 && (
        <div className="block" data-testid="parse-ok">
          <Alert
            type={file.parse.warnings.length ? 'warning' : 'success'}
            showIcon
            title={t('file.loaded', { name: file.name, count: file.parse.features.length })}
            description={file.parse.warnings.length ? t('file.warnings', { count: file.parse.warnings.length }) : undefined}
          />
          {file.parse.warnings.length > 0 && <ProblemTable problems={file.parse.warnings} testId="parse-warning-table" />}
        </div>
      )}
    </div>
  )
}
