/** `npm run build`: bundles the web client (static/web/dist) and prints what it produced. */
import { buildAssets } from '../addons/web/assets/bundle';

async function main(): Promise<void> {
  const minify = !process.argv.includes('--no-minify');
  const result = await buildAssets({ minify });
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`web.js  ${kib(result.jsBytes)}  ${result.js}`);
  console.log(`web.css ${kib(result.cssBytes)}  ${result.css}`);
  console.log(`built in ${result.millis} ms${minify ? ' (minified)' : ''}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
