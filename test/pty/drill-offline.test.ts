// Drives the BUILT CLI in a pseudo-terminal as a learner would: open kubedrill, choose an
// offline drill from the home screen, write the answer into the workspace, check, see full
// marks, quit. Needs `npm run build` first (npm test builds before vitest), so it runs the UI
// as shipped: bundled with ink and react by src/build/bundle-ui.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { colourTask } from '../support/colour-task.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const driver = join(root, 'test', 'pty', 'pty-driver.py');
const python = spawnSync('python3', ['--version']).status === 0;
const built = existsSync(cli);

const PACK = `apiVersion: kubedrill.dev/v1
kind: Pack
metadata: { id: ptydemo, title: PTY demo, version: 1.0.0, exams: [CKA] }
`;
const TASK = colourTask('ptydemo/colour-config');
const ANSWER = `apiVersion: v1
kind: ConfigMap
metadata: { name: colour, namespace: paint }
data: { shade: blue }
`;

describe.skipIf(!python || !built)('built CLI in a pseudo-terminal', () => {
  it('Given an offline workspace, When the learner opens a drill from home, writes the answer and checks, Then full marks show and q quits', async () => {
    const base = await mkdtemp(join(tmpdir(), 'kubedrill-pty-'));
    const pack = join(base, 'pack');
    const workspace = join(base, 'ws');
    await mkdir(pack, { recursive: true });
    await writeFile(join(pack, 'pack.yaml'), PACK);
    await writeFile(join(pack, 'colour.yaml'), TASK);
    const down = '\u001b[B';
    const steps = [
      { expect: 'Mock exam CKA' },
      { expect: 'browse' },
      { send: down },
      { send: down },
      { send: down },
      { expect: '▸ Drill' },
      { send: '\r' },
      { expect: 'Filter:' },
      { send: 'colour' },
      { expect: 'ptydemo/colour-config' },
      { send: '\r' },
      { expect: 'Drill 1/1' },
      { expect: '(edit YAML here; answers in' },
      { write: [join(workspace, 'paint', 'colour.yaml'), ANSWER] },
      { send: 'c' },
      { expect: 'Score 3/3 points (100%)' },
      { send: 'q' },
      { expect: 'Mock exam CKA' },
      { send: 'q' },
    ];
    const script = join(base, 'steps.json');
    await writeFile(script, JSON.stringify(steps));
    const result = spawnSync('python3', [driver, script, '--', process.execPath, cli, '--pack', pack, '--offline', workspace], {
      encoding: 'utf8',
      // CI and DEV set, as on CI machines and in some learners' shells: the screen must still draw
      // live (ink renders only at exit in CI) and the bundled UI must not reach for DevTools.
      env: { ...process.env, KUBEDRILL_HOME: join(base, 'home'), NO_COLOR: '1', CI: 'true', DEV: 'true' },
      timeout: 90_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The check was recorded: history feeds the weakest-topics view.
    const history = await readFile(join(base, 'home', 'history.jsonl'), 'utf8');
    expect(JSON.parse(history.trim())).toMatchObject({ kind: 'drill', percent: 100, task: { id: 'ptydemo/colour-config', earned: 3, possible: 3 } });
  }, 120_000);
});
