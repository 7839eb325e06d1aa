// Build step after tsc: links the built UI (dist/src/ui/index.js) with ink, react and their
// dependencies into one file, written over that entry. Why: before the home screen's first
// frame, node loaded ~520 files of the UI's dependencies (415 of them es-toolkit, whose compat
// barrel ink imports for one `throttle`); that cost ~350 ms of the 400 ms budget (the README, Speed),
// and the same code as one file loads in ~100 ms.
//
// What stays outside: our modules beyond src/ui (services, models, errors) remain imports of the
// files tsc wrote, so the CLI and the screens share one ExamSession class, one UserError. ink and
// react exist only inside the bundle, so the built CLI has one React; that holds as long as
// nothing outside src/ui imports them (eslint enforces it). Other packages the screens use
// (yaml) are bundled too; they keep no state, so the CLI's own copy of them is harmless.
// Tests run the sources, where the screens and ink-testing-library share node_modules' ink.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const uiDir = join(root, 'dist', 'src', 'ui');
const entry = join(uiDir, 'index.js');

/** Relative imports that leave dist/src/ui stay imports, rewritten relative to the bundle. */
const keepOtherModulesOutside = {
  name: 'keep-other-modules-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, ({ path, importer, resolveDir }) => {
      if (importer.includes(`${sep}node_modules${sep}`)) {
        // ink loads its React DevTools glue only when DEV=true, and it needs react-devtools-core,
        // which kubedrill does not ship (cli.tsx turns DEV off): leave that import unresolved.
        return path === './devtools.js' ? { path, external: true } : undefined;
      }
      const target = resolve(resolveDir, path);
      if (target.startsWith(uiDir + sep)) return undefined;
      return { path: relative(uiDir, target).split(sep).join('/'), external: true };
    });
  },
};

const result = await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // React's production build, as any app bundle ships: the development one adds runtime checks
  // (and a 750 kB reconciler) that only matter while writing components — the tests cover those.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (signal-exit, stack-utils, yaml) require() node built-ins.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  plugins: [keepOtherModulesOutside],
  // Maps point at src/ui/*.tsx through tsc's maps; like tsc's, they do not embed the sources.
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  write: false, // checked below before it replaces tsc's output
  logLevel: 'warning',
});

// Two copies of React in one process break hooks with an unhelpful message; none means the
// entry was not tsc's output (already bundled: run `npm run build`). Either way, fail the build.
const reacts = Object.keys(result.metafile.inputs).filter((input) => /(^|\/)node_modules\/react\/index\.js$/.test(input));
if (reacts.length !== 1) {
  console.error(`bundle-ui: expected one copy of react in the UI bundle, found [${reacts.join(', ')}]; run it on tsc's output (npm run build)`);
  process.exit(1);
}
for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
