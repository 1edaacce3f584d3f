// `--import` entry for worker threads in tests: registers tsWorkerHooks.mjs (see there).
import { register } from 'node:module';

register('./tsWorkerHooks.mjs', import.meta.url);
