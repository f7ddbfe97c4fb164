// `npm run build:web`: the web app's production build now (servers also build it on start when it is missing or
// stale, src/cli/web-build.ts).
import { ensureWebBuild } from '../src/cli/web-build.ts';

const result = await ensureWebBuild((line) => console.log(line));
console.log(result.built ? `built ${result.dir}` : `${result.dir} is up to date`);
