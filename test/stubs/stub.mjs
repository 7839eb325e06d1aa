#!/usr/bin/env node
// A stand-in for kind/kubectl/docker in tests (the README, Tests, tier 2): records its argv and stdin
// to calls.jsonl and replays the first matching canned answer from rules.json. Rules with
// `times` are used up after that many calls (so readiness polling can see "not ready, then ready").
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = process.env.KUBEDRILL_STUB_DIR;
if (!dir) {
  process.stderr.write('stub: KUBEDRILL_STUB_DIR is not set\n');
  process.exit(97);
}
const bin = basename(process.argv[1]);
const args = process.argv.slice(2);
let stdin = '';
try {
  stdin = readFileSync(0, 'utf8');
} catch {
  stdin = '';
}
appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify({ bin, args, stdin })}\n`);

const rules = existsSync(join(dir, 'rules.json')) ? JSON.parse(readFileSync(join(dir, 'rules.json'), 'utf8')) : [];
const usedFile = join(dir, 'used.json');

/**
 * Runs `body` holding a lock (mkdir is atomic): stubs called in parallel (several nodes at once)
 * must not both take the last use of a `times` rule.
 */
function locked(body) {
  const lock = join(dir, 'used.lock');
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (tries > 5000) throw new Error('stub: used.lock stayed taken');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  }
  try {
    return body();
  } finally {
    rmdirSync(lock);
  }
}

const rule = locked(() => {
  const used = existsSync(usedFile) ? JSON.parse(readFileSync(usedFile, 'utf8')) : {};
  const index = rules.findIndex(
    (rule, i) =>
      rule.bin === bin &&
      (rule.match ?? []).every((token) => args.includes(token)) &&
      (rule.times === undefined || (used[i] ?? 0) < rule.times),
  );
  if (index === -1) return undefined;
  used[index] = (used[index] ?? 0) + 1;
  writeFileSync(usedFile, JSON.stringify(used));
  return rules[index];
});
if (rule === undefined) process.exit(0);
const finish = () => {
  if (rule.stdout) process.stdout.write(rule.stdout);
  if (rule.stderr) process.stderr.write(rule.stderr);
  process.exitCode = rule.exitCode ?? 0;
};
if (rule.sleepMs) setTimeout(finish, rule.sleepMs);
else finish();
