// One tab's results: a table at a desk, cards on a phone (< 768 px), "load more" along the server's
// cursor and a count. A row or card opens the record.
import { Button, Card, Empty, Grid, Spin, Table, type TableColumnsType } from 'antd'
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query'
import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react'
import { ApiErrorAlert } from '../../../shared/components/api-error-alert'
import { useI18n } from '../../../shared/i18n'
import type { Page } from '../api/places-query'

interface Props<T extends { id: number }> {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>
  columns: TableColumnsType<T>
  card: (item: T) => ReactNode
  onOpen: (item: T) => void
  empty: string
  /** Test ids: `${name}-table`, `${name}-row`, `${name}-cards`, `${name}-card`, `${name}-more`, `${name}-count`. */
  name: string
  scrollX?: number
}

export function PlacesResults<T extends { id: number }>({ query, columns, card, onOpen, empty, name, scrollX = 900 }: Props<T>) {
  const { t, fmt } = useI18n()
  const screens = Grid.useBreakpoint()
  const narrow = !screens.md
  const items = query.data?.pages.flatMap((p) => p.items) ?? []
  const hasMore = query.hasNextPage
  return (
    <div data-testid={`${name}-results`} data-loaded={query.isSuccess ? 'true' : 'false'}>
      {query.isError && <ApiErrorAlert error={query.error} />}
      {narrow ? (
        query.isPending ? (
          <Spin className="page-spin" />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} data-testid={`${name}-cards`} />
        ) : (
          <div data-testid={`${name}-cards`} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {items.map((item) => (
              <Card
                key={item.id}
                size="small"
                hoverable
                onClick={() => onOpen(item)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onOpen(item)
                }}
                tabIndex={0}
                role="button"
                data-testid={`${name}-card`}
                data-id={item.id}
                style={{ overflowWrap: 'anywhere' }}
              >
                {card(item)}
              </Card>
            ))}
          </div>
        )
      ) : (
        <Table<T>
          size="small"
          rowKey="id"
          loading={query.isFetching && !query.isFetchingNextPage}
          dataSource={items}
          pagination={false}
          scroll={{ x: scrollX }}
          data-testid={`${name}-table`}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
          rowClassName={() => 'clickable-row'}
          onRow={(item) =>
            ({
              onClick: () => onOpen(item),
              onKeyDown: (e: KeyboardEvent) => {
                if (e.key === 'Enter') onOpen(item)
              },
              tabIndex: 0,
              'data-testid': `${name}-row`,
              'data-id': item.id,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={columns}
        />
      )}
      {items.length > 0 && (
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
          <span className="muted small" data-testid={`${name}-count`} data-count={items.length}>
            {hasMore ? t('places.count', { count: fmt.number(items.length) }) : t('places.countEnd', { count: fmt.number(items.length) })}
          </span>
          {hasMore && (
            <Button onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid={`${name}-more`}>
              {t('registry.search.more')}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
