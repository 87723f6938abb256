// Vite builds the map into web/dist, which the API serves. The basemap GeoJSON is generated here from
// data/brussels/ (web/src/build/basemap.ts) and emitted as assets: nothing is fetched from elsewhere.
import { defineConfig, type Plugin } from 'vite';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combinedBasemap } from './src/build/basemap';

const here = dirname(fileURLToPath(import.meta.url));
const geodata = resolve(process.env.IRISNET_GEODATA ?? join(here, '..', 'data', 'brussels'));

function basemap(): Plugin {
  let cache: Record<string, string> | undefined;
  const files = (): Record<string, string> => {
    if (!cache) {
      cache = { 'basemap/basemap.json': JSON.stringify(combinedBasemap(geodata)) };
    }
    return cache;
  };
  return {
    name: 'irisnet-basemap',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const body = files()[(req.url ?? '').replace(/^\//, '').replace(/\?.*$/, '')];
        if (!body) return next();
        res.setHeader('content-type', 'application/json');
        res.end(body);
      });
    },
    generateBundle() {
      for (const [fileName, source] of Object.entries(files())) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [basemap()],
  // In dev the API runs beside Vite (npm run api); the page calls it on the same origin.
  server: { host: '127.0.0.1', proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    target: 'es2022',
  },
});
