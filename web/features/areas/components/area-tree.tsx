// The area hierarchy as a lazily loaded tree: children are fetched when a node is opened, and the
// path to the selected area is opened and scrolled into view whenever the selection changes.
import { useQueryClient } from '@tanstack/react-query'
import { App, Button, Empty, Skeleton, Tree, type GetRef, type TreeDataNode } from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiErrorAlert, errorTitle } from '../../../shared/components/api-error-alert'
import { useElementSize } from '../../../shared/hooks/use-element-size'
import { useI18n } from '../../../shared/i18n'
import { areasQueryOptions, useAreas } from '../api/get-areas'
import type { AreaSummary } from '../types'

interface AreaTreeProps {
  selectedCode?: string
  /** Codes of the selected area's ancestors, root first (from its detail). */
  ancestorCodes?: string[]
  onSelect: (code: string) => void
}

function nodeTitle(a: AreaSummary) {
  return (
    <span className="tree-title" title={`${a.name} ${a.code}`}>
      <span className="tree-name">{a.name}</span>
      <span className="code-text">{a.code}</span>
    </span>
  )
}

export function AreaTree({ selectedCode, ancestorCodes, onSelect }: AreaTreeProps) {
  const i18n = useI18n()
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const roots = useAreas(null)
  const [children, setChildren] = useState<Record<string, AreaSummary[]>>({})
  const [expandedKeys, setExpandedKeys] = useState<string[]>([])
  const treeRef = useRef<GetRef<typeof Tree>>(null)
  const [boxRef, size] = useElementSize<HTMLDivElement>()

  const loadChildren = useCallback(
    async (code: string) => {
      const items = await queryClient.fetchQuery(areasQueryOptions(code))
      setChildren((prev) => (prev[code] === items ? prev : { ...prev, [code]: items }))
    },
    [queryClient],
  )

  // Open the roots (the city) once they are known, so the districts show at once.
  const rootCodes = roots.data?.map((r) => r.code).join(',')
  useEffect(() => {
    if (!roots.data) return
    const withChildren = roots.data.filter((r) => r.childCount > 0).map((r) => r.code)
    Promise.all(withChildren.map(loadChildren))
      .then(() => setExpandedKeys((prev) => Array.from(new Set([...prev, ...withChildren]))))
      .catch(() => undefined)
    // Keyed by the root codes: a refetch of the same roots must not re-open what the user closed.
  }, [rootCodes, loadChildren])

  // Reveal the selected area: load and open each ancestor, then scroll to it.
  const pathKey = ancestorCodes?.join('.')
  useEffect(() => {
    if (!selectedCode || !ancestorCodes) return
    let cancelled = false
    Promise.all(ancestorCodes.map(loadChildren))
      .then(() => {
        if (cancelled) return
        setExpandedKeys((prev) => Array.from(new Set([...prev, ...ancestorCodes])))
        // Wait for the tree to render the opened nodes before scrolling.
        requestAnimationFrame(() => requestAnimationFrame(() => treeRef.current?.scrollTo({ key: selectedCode, align: 'auto', offset: 40 })))
      })
      .catch((err: unknown) => {
        if (!cancelled) message.error(errorTitle(err, i18n))
      })
    return () => {
      cancelled = true
    }
    // Keyed by the path's value: re-reveal only when the selection or its ancestry changes.
  }, [selectedCode, pathKey, loadChildren])

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (a: AreaSummary): TreeDataNode => {
      const kids = children[a.code]
      return {
        key: a.code,
        title: nodeTitle(a),
        isLeaf: a.childCount === 0,
        children: kids ? kids.map(build) : undefined,
      }
    }
    return (roots.data ?? []).map(build)
  }, [roots.data, children])

  if (roots.isPending) {
    return (
      <div className="tree-box" data-testid="area-tree" aria-busy="true">
        <Skeleton active paragraph={{ rows: 8 }} title={false} />
      </div>
    )
  }
  if (roots.isError) {
    return (
      <div className="tree-box" data-testid="area-tree">
        <ApiErrorAlert
          error={roots.error}
          action={
            <Button size="small" onClick={() => roots.refetch()}>
              {i18n.t('common.retry')}
            </Button>
          }
        />
      </div>
    )
  }
  if (treeData.length === 0) {
    return (
      <div className="tree-box" data-testid="area-tree">
        <Empty description={i18n.t('tree.empty')} />
      </div>
    )
  }

  return (
    <div className="tree-box" ref={boxRef} data-testid="area-tree">
      <Tree
        ref={treeRef}
        treeData={treeData}
        height={Math.max(size.height, 200)}
        blockNode
        showLine={{ showLeafIcon: false }}
        expandedKeys={expandedKeys}
        selectedKeys={selectedCode ? [selectedCode] : []}
        onExpand={(keys) => setExpandedKeys(keys.map(String))}
        loadData={async (node) => {
          try {
            await loadChildren(String(node.key))
          } catch (err) {
            // Not rethrown: the tree would retry in a loop. The node shows as empty; reload retries.
            message.error(errorTitle(err, i18n))
          }
        }}
        onSelect={(keys, info) => {
          // Clicking the selected node again keeps it selected.
          const key = keys[0] ?? info.node.key
          onSelect(String(key))
        }}
        aria-label={i18n.t('tree.label')}
        onKeyDown={(e) => {
          // The tree opens a node on Enter; also select it, so Enter shows the area (Space selects only).
          if (e.key !== 'Enter') return
          // The active node is named "<tree id>-<key>"; area codes are digits only.
          const code = /-(\d+)$/.exec((e.target as HTMLElement).getAttribute('aria-activedescendant') ?? '')?.[1]
          if (code) onSelect(code)
        }}
      />
    </div>
  )
}
