// Build and dev server of the web app (web/ → dist/web). The API runs separately on port 3000 and
// serves the built app itself; in development Vite proxies /api to it.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * Big libraries each get their own long-lived chunk, so an app change does not re-download them.
 * Higher priority claims a module first (a group otherwise pulls in its dependencies: antd → react-dom).
 */
const VENDOR_CHUNKS: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 40 },
  { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/, priority: 30 },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis)[\\/]/, priority: 10 },
]

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // maplibre-gl alone is ~800 kB minified; it is one cached vendor chunk, not a regression.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: VENDOR_CHUNKS.map((c) => ({ name: c.name, test: c.test, priority: c.priority })),
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
})
