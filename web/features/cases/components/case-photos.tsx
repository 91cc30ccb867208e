// Photos of a case or a step: thumbnails, a click enlarges them (Ant Design's preview, the photos of
// one group browsable). The URLs are the API's, same origin: the session cookie goes with them.
import { Image } from 'antd'
import { useI18n } from '../../../shared/i18n'
import type { CasePhotoRef } from '../types'

export function CasePhotos({ photos, size = 96, 'data-testid': testId = 'case-photos' }: { photos: CasePhotoRef[]; size?: number; 'data-testid'?: string }) {
  const { t } = useI18n()
  if (photos.length === 0) return null
  return (
    <div className="case-thumbs" data-testid={testId} data-count={photos.length}>
      <Image.PreviewGroup>
        {photos.map((p, i) => (
          <Image key={p.name} src={p.thumbUrl} preview={{ src: p.url }} width={size} height={size} alt={t('cases.photos.alt', { n: i + 1 })} data-testid="case-photo" />
        ))}
      </Image.PreviewGroup>
    </div>
  )
}
