// The map offers the quote tool to exactly the roles the API lets quote (from the OpenAPI document's x-roles).
import { describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { createApp } from '../../api/app.js';
import type { InfluxStore } from '../../store/influx.js';
import type { Figures } from '../../analytics/model.js';
import { MAY_QUOTE } from '../../web/src/roles.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

describe('the map\'s role rules', () => {
  it('MAY_QUOTE matches the roles of POST /api/quotes', async () => {
    const cadastre = loadCadastre('test/fixtures/cadastre-small');
    // The document is built from the route definitions alone: no store or figures are touched.
    const app = createApp({ cadastre, configDir: 'test/fixtures/cadastre-small', store: {} as InfluxStore, figures: {} as Figures, dataDir: '/tmp', records: new SqliteRecords(':memory:'), now: () => 0 }, { tokens: [] });
    const doc = await (await app.request('/api/openapi.json')).json() as { paths: Record<string, Record<string, { 'x-roles': string[] }>> };
    const allowed = Object.entries(MAY_QUOTE).filter(([, may]) => may).map(([role]) => role).sort();
    expect(allowed).toEqual([...doc.paths['/api/quotes'].post['x-roles']].sort());
  });
});
