// Build and dev server of the web app (web/ → dist/web). The API runs separately on port 3000 and
// serves the built app itself; in development Vite proxies /api to it.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/** Big libraries each get their own long-lived chunk, so an app change does not re-download them. */
const VENDOR_CHUNKS: { name: string; test: RegExp }[] = [
  { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis)[\\/]/ },
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/ },
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
          groups: VENDOR_CHUNKS.map((c) => ({ name: c.name, test: c.test })),
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
