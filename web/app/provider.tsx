// Everything the pages rely on: query cache, language, and Ant Design's theme and locale (switched
// with the language).
import { QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { useState, type ReactNode } from 'react'
import { createQueryClient } from '../shared/api/query-client'
import { I18nProvider, useI18n } from '../shared/i18n'

function AntdConfig({ children }: { children: ReactNode }) {
  const { lang } = useI18n()
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#b91c1c',
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
