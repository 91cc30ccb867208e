// Everything the pages rely on: query cache, language, and Ant Design's theme and locale (switched
// with the language).
import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { useEffect, useState, type ReactNode } from 'react'
import { createQueryClient } from '../shared/api/query-client'
import { I18nProvider, useI18n } from '../shared/i18n'

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)'

/** Whether the user asked their system for less motion (followed live). */
function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => typeof matchMedia === 'function' && matchMedia(REDUCED_MOTION).matches)
  useEffect(() => {
    if (typeof matchMedia !== 'function') return
    const query = matchMedia(REDUCED_MOTION)
    const onChange = () => setReduced(query.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return reduced
}

function AntdConfig({ children }: { children: ReactNode }) {
  const { lang } = useI18n()
  // Menus, dropdowns, modals and drawers open without animation for users who asked for less motion.
  const reducedMotion = usePrefersReducedMotion()
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#b91c1c',
          motion: !reducedMotion,
          borderRadius: 4,
          fontSize: 14,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#7f1d1d', headerHeight: 52, headerPadding: '0 16px', siderBg: '#ffffff' },
          Descriptions: { itemPaddingBottom: 4 },
        },
      }}
    >
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  )
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient)
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntdConfig>{children}</AntdConfig>
      </I18nProvider>
    </QueryClientProvider>
  )
}
