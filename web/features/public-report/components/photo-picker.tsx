// Up to three photos with the report: each picked file is shown at once from the device (the stored
// photo's URL needs a login), checked for type and size, and uploaded at once (POST /public/photos);
// the server's refusal (too large, not an image, damaged…) is named on the photo. The form sends the
// names of the uploaded photos.
import { CameraOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Spin } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useI18n } from '../../../shared/i18n'
import { uploadPublicPhoto } from '../api/public-api'
import { MAX_PHOTOS, PHOTO_TYPES, photoFileProblem, problemText, uploadProblem } from '../lib/report-form'

export interface PhotoItem {
  key: string
  fileName: string
  /** An object URL of the picked file. */
  preview: string
  status: 'uploading' | 'done' | 'error'
  /** The stored photo's name, once uploaded. */
  name?: string
  problem?: string
}

/** The photos of one report: picked files, their uploads, their previews (object URLs released). */
export function usePhotoUploads() {
  const [items, setItems] = useState<PhotoItem[]>([])
  const files = useRef(new Map<string, File>())
  const uploads = useRef(new Map<string, AbortController>())
  const previews = useRef(new Map<string, string>())
  const counter = useRef(0)

  useEffect(
    () => () => {
      for (const c of uploads.current.values()) c.abort()
      for (const url of previews.current.values()) URL.revokeObjectURL(url)
    },
    [],
  )

  const update = (key: string, patch: Partial<PhotoItem>) => setItems((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)))

  const upload = useCallback((key: string, file: File) => {
    const controller = new AbortController()
    uploads.current.set(key, controller)
    update(key, { status: 'uploading', problem: undefined })
    uploadPublicPhoto(file, controller.signal).then(
      (photo) => {
        uploads.current.delete(key)
        update(key, { status: 'done', name: photo.name })
      },
      (err: unknown) => {
        uploads.current.delete(key)
        if (controller.signal.aborted) return
        update(key, { status: 'error', problem: uploadProblem(err) })
      },
    )
  }, [])

  const add = useCallback(
    (picked: File[]) => {
      const room = MAX_PHOTOS - items.length
      const taken = picked.slice(0, Math.max(0, room))
      const added: PhotoItem[] = []
      for (const file of taken) {
        const key = `photo-${++counter.current}`
        const preview = URL.createObjectURL(file)
        previews.current.set(key, preview)
        files.current.set(key, file)
        const problem = photoFileProblem(file)
        added.push({ key, fileName: file.name, preview, status: problem ? 'error' : 'uploading', problem })
      }
      setItems((list) => [...list, ...added])
      for (const item of added) if (item.status === 'uploading') upload(item.key, files.current.get(item.key)!)
      return picked.length - taken.length
    },
    [items.length, upload],
  )

  const retry = useCallback(
    (key: string) => {
      const file = files.current.get(key)
      if (file) upload(key, file)
    },
    [upload],
  )

  const remove = useCallback((key: string) => {
    uploads.current.get(key)?.abort()
    uploads.current.delete(key)
    files.current.delete(key)
    const url = previews.current.get(key)
    if (url) URL.revokeObjectURL(url)
    previews.current.delete(key)
    setItems((list) => list.filter((p) => p.key !== key))
  }, [])

  const reset = useCallback(() => {
    for (const key of [...previews.current.keys()]) remove(key)
  }, [remove])

  return {
    items,
    add,
    retry,
    remove,
    reset,
    names: items.flatMap((p) => (p.status === 'done' && p.name ? [p.name] : [])),
    busy: items.some((p) => p.status === 'uploading'),
    failed: items.some((p) => p.status === 'error'),
  }
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>

const RETRYABLE = new Set(['network_error', 'rate_limited', 'upload_failed'])

export function PhotoPicker({ photos, id }: { photos: PhotoUploads; id?: string }) {
  const i18n = useI18n()
  const { t } = i18n
  const input = useRef<HTMLInputElement>(null)
  const [dropped, setDropped] = useState(0)
  return (
    <div id={id} data-testid="report-photos" data-count={photos.names.length} data-busy={photos.busy ? 'true' : 'false'}>
      <input
        ref={input}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        multiple
        className="public-file-input"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="report-photo-input"
        onChange={(e) => {
          const list = Array.from(e.target.files ?? [])
          e.target.value = ''
          setDropped(photos.add(list))
        }}
      />
      <div className="public-photos">
        {photos.items.map((p) => (
          <div key={p.key} className="public-photo" data-testid="report-photo" data-status={p.status} data-problem={p.problem ?? ''}>
            <img src={p.preview} alt={t('public.photos.preview', { name: p.fileName })} />
            {p.status === 'uploading' && (
              <div className="public-photo-state">
                <Spin size="small" /> {t('public.photos.uploading')}
              </div>
            )}
            {p.status === 'error' && (
              <div className="public-photo-state bad" role="alert" data-testid="report-photo-problem">
                {problemText(i18n.tryT, 'photo', p.problem ?? 'upload_failed')}
                {RETRYABLE.has(p.problem ?? '') && (
                  <Button size="small" type="link" icon={<ReloadOutlined />} style={{ color: '#fff', padding: '0 4px', height: 'auto' }} onClick={() => photos.retry(p.key)}>
                    {t('common.retry')}
                  </Button>
                )}
              </div>
            )}
            <Button
              className="public-photo-remove"
              size="small"
              shape="circle"
              icon={<CloseOutlined />}
              onClick={() => photos.remove(p.key)}
              aria-label={t('public.photos.remove', { name: p.fileName })}
              data-testid="report-photo-remove"
            />
          </div>
        ))}
        {photos.items.length < MAX_PHOTOS && (
          <Button className="public-photo-add" icon={<CameraOutlined style={{ fontSize: 22 }} />} onClick={() => input.current?.click()} data-testid="report-photo-add">
            <span className="small">{t('public.photos.add', { left: MAX_PHOTOS - photos.items.length })}</span>
          </Button>
        )}
      </div>
      {dropped > 0 && (
        <div className="small" style={{ color: '#b45309', marginTop: 4 }} data-testid="report-photos-dropped">
          {t('public.photos.tooMany', { max: MAX_PHOTOS, dropped })}
        </div>
      )}
    </div>
  )
}
