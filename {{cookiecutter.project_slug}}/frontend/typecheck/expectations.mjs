// Proves that every `@ts-expect-error` in this directory still marks an error of its own:
// compiles a copy with all of them removed and checks that tsc reports an error on each line
// that followed one. Without this, a case could pass only because a neighbouring line fails.
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// A sibling of this directory, so that its relative imports (../src/...) resolve the same way
// (no dot in its name: tsc's include patterns skip such directories).
const copy = join(here, "..", "typecheck-expectations-tmp");
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b/;

rmSync(copy, { recursive: true, force: true });
cpSync(here, copy, { recursive: true });
const expected = [];
try {
  for (const name of readdirSync(copy).filter((file) => file.endsWith(".ts"))) {
    const lines = readFileSync(join(copy, name), "utf8").split("\n");
    lines.forEach((line, index) => {
      if (DIRECTIVE.test(line)) {
        expected.push({ name, line: index + 2, reason: line.trim() });
        lines[index] = "//";
      }
    });
    writeFileSync(join(copy, name), lines.join("\n"));
  }
  const tsc = spawnSync(join(here, "..", "node_modules", ".bin", "tsc"), ["-p", join(copy, "tsconfig.json"), "--pretty", "false"], {
    encoding: "utf8",
  });
  const reported = new Set(
    [...tsc.stdout.matchAll(/typecheck-expectations-tmp\/([^(]+)\((\d+),\d+\): error/g)].map(([, name, line]) => `${name}:${line}`),
  );
  const missing = expected.filter(({ name, line }) => !reported.has(`${name}:${line}`));
  for (const { name, line, reason } of missing) {
    console.error(`typecheck/${name}:${line} compiles without its directive (${reason})`);
  }
  if (expected.length === 0 || missing.length > 0) {
    if (expected.length === 0) console.error("typecheck/ has no @ts-expect-error cases");
    process.exitCode = 1;
  } else {
    console.log(`typecheck: all ${expected.length} @ts-expect-error cases are errors of their own`);
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
