// tsc writes dist/bin/ctwin.js without the executable bit; npm sets it only when it links an
// installed package's bin. Set it here so that the built file runs through its shebang (and its
// node flags) as `npx ctwin` and an installed `ctwin` do, including in the tests.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/bin/ctwin.js', import.meta.url), 0o755);
