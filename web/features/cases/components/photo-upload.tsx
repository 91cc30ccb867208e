// Photos of a report or a step: up to nine, each uploaded as soon as it is chosen (POST /case-photos,
// re-encoded and stripped of its location by the server) and shown as a thumbnail; a refused one
// stays in the list with the server's reason until it is removed. A form control: the value is the
// upload list, sent as the stored names (lib/photos.ts).
import { PlusOutlined } from '@ant-design/icons'
import { Upload, type UploadFile } from 'antd'
import { CASE_LIMITS } from '../../../../shared/cases/case-fields'
import { errorTitle } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import { uploadPhoto } from '../api/upload-photo'
import { photoRefusal, photosLeft } from '../lib/photos'
import { caseProblemText } from '../lib/problems'
import type { PhotoAnswer } from '../types'

interface Props {
  id?: string
  value?: UploadFile<PhotoAnswer>[]
  onChange?: (files: UploadFile<PhotoAnswer>[]) => void
  'data-testid'?: string
}

export function PhotoUpload({ id, value, onChange, 'data-testid': testId = 'case-photos' }: Props) {
  const i18n = useI18n()
  const { t, tryT } = i18n
  const files = value ?? []
  const left = photosLeft(files)
  const failed = files.filter((f) => f.status === 'error')
  const done = files.filter((f) => f.status === 'done').length
  const reason = (f: UploadFile) => {
    const code = photoRefusal(f.error)
    return (code ? caseProblemText(tryT, 'photo', code) : undefined) ?? errorTitle(f.error, i18n)
  }
  return (
    <div id={id} data-testid={testId} data-count={done} data-pending={files.filter((f) => f.status === 'uploading').length}>
      <Upload<PhotoAnswer>
        listType="picture-card"
        accept="image/*"
        multiple
        fileList={files}
        // Beyond nine, the rest of a batch is left out rather than replacing photos already chosen.
        beforeUpload={(file, batch) => (batch.indexOf(file) < left ? true : Upload.LIST_IGNORE)}
        customRequest={({ file, onSuccess, onError }) => {
          const f = file as File
          uploadPhoto(f, f.name || 'photo.jpg').then(
            (answer) => onSuccess?.(answer),
            (err: Error) => onError?.(err),
          )
        }}
        onChange={({ fileList }) =>
          // Uploaded: the server's thumbnail (same origin, with the session cookie) replaces the local preview.
          onChange?.(fileList.map((f) => (f.status === 'done' && f.response ? { ...f, thumbUrl: f.response.thumbUrl, url: f.response.url } : f)))
        }
        showUploadList={{ showPreviewIcon: false }}
      >
        {left > 0 && (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }} data-testid={`${testId}-add`}>
            <PlusOutlined />
            <div style={{ marginTop: 4 }}>{t('cases.photos.add')}</div>
          </button>
        )}
      </Upload>
      <div className="small muted">{t('cases.photos.hint', { max: CASE_LIMITS.photos, left })}</div>
      {failed.length > 0 && (
        <ul className="error-details" style={{ color: '#b91c1c' }}>
          {failed.map((f) => (
            <li key={f.uid} data-testid={`${testId}-error`} data-problem={photoRefusal(f.error) ?? ''}>
              {t('cases.photos.refused', { name: f.name, reason: reason(f) })}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
