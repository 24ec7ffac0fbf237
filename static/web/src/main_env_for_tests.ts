/**
 * The web client's registries filled as in the bundle (main.ts) without mounting anything:
 * what component tests build their env from.
 */
import './main';
export { makeEnv, startServices, type Env } from './core/env';
