// Schema errors carry file:line:column (yaml's LineCounter) beside the field path; a secret written in place of
// {env: VAR} says which shape is expected without echoing the value.
import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCadastre } from '../../config/load.js';

function withCadastre(edit: (dir: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'irisnet-positions-'));
  try {
    cpSync('test/fixtures/cadastre-small', dir, { recursive: true });
    edit(dir);
    return readCadastre(dir).problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const replaceIn = (dir: string, file: string, from: string, to: string): void => {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
};

describe('cadastre problems with their position', () => {
  it('a wrong type points at the value, a missing field at its item, a bad list element at the element', () => {
    const problems = withCadastre((dir) => writeFileSync(join(dir, 'sites.yaml'), [
      '# two good sites, then three bad ones',
      '- { id: bxl-hall, name: Bruxelles, kind: commune-hall, coordinates: [4.3517, 50.8466], commune: Bruxelles }',
      '- id: x-1',
      '  name: 12',
      '  kind: commune-hall',
      '  coordinates: [4.35, 50.85]',
      '  commune: Bruxelles',
      '- id: x-2',
      '  kind: commune-hall',
      '  coordinates: [4.35, 50.85]',
      '  commune: Bruxelles',
      '- { id: x-3, name: X, kind: commune-hall, coordinates: [4.35, "north"], commune: Bruxelles }',
      '',
    ].join('\n')));
    expect(problems).toEqual([
      'sites.yaml:4:9: [x-1].name: Invalid input: expected string, received number',
      'sites.yaml:8:3: [x-2].name: Invalid input: expected string, received undefined',
      'sites.yaml:12:63: [x-3].coordinates[1]: Invalid input: expected number, received string',
    ]);
  });

  it('a secret written in place of {env: VAR} says the expected shape, not the value', () => {
    const problems = withCadastre((dir) => replaceIn(dir, 'devices.yaml', 'community: { env: IRIS_SNMP_COMMUNITY } } }', 'community: "s3cr\\"t" } }'));
    expect(problems).toEqual(['devices.yaml:2:120: [sw-bxl].snmp.community: expected {env: VAR} (the environment variable holding the secret), got a string']);
    expect(problems.join('\n')).not.toContain('s3cr');
  });

  it('invalid YAML names the line and column where parsing stopped', () => {
    const problems = withCadastre((dir) => writeFileSync(join(dir, 'owners.yaml'), '- { id: irisnet, name: IRISnet }\n- { id: sibelga, name: [Sibelga }\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^owners\.yaml:2:\d+: \(root\): not valid YAML: /);
  });
});
