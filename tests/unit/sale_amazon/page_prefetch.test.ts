/** Pages read ahead of the import: batched when they wait, handed out at once when they trickle. */
import { PagePrefetcher } from '../../../addons/sale_amazon/services/page_prefetch';
import type { AmazonOrder, OrderPage } from '../../../addons/sale_amazon/sp_api/types';

function page(n: number, orders = 100, hasMore = true): OrderPage {
  return { orders: Array.from({ length: orders }, (_, i) => ({ ref: `${n}-${i}` }) as AmazonOrder), lastUpdatedBefore: `T${n}`, hasMore };
}

/** A source whose pages the test releases one by one; records how far it was read. */
function gatedSource(count: number) {
  const gates: (() => void)[] = [];
  const state = { fetched: 0, closed: false };
  async function* pages(): AsyncGenerator<OrderPage> {
    try {
      for (let n = 1; n <= count; n++) {
        await new Promise<void>((resolve) => gates.push(resolve));
        state.fetched = n;
        yield page(n, 100, n < count);
      }
    } finally {
      state.closed = true;
    }
  }
  const release = async () => {
    while (!gates.length) await new Promise((r) => setImmediate(r));
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { pages: pages(), state, release };
}

async function* instant(count: number, fail?: Error): AsyncGenerator<OrderPage> {
  for (let n = 1; n <= count; n++) yield page(n, 100, n < count || !!fail);
  if (fail) throw fail;
}

const refsOf = (batch: OrderPage[] | null) => batch?.map((p) => p.lastUpdatedBefore);

describe('PagePrefetcher', () => {
  it('hands waiting pages out together, up to the batch size', async () => {
    const pages = new PagePrefetcher(instant(7), 1000);
    await new Promise((r) => setImmediate(r));
    expect(refsOf(await pages.next(300))).toEqual(['T1', 'T2', 'T3']);
    expect(refsOf(await pages.next(300))).toEqual(['T4', 'T5', 'T6']);
    expect(refsOf(await pages.next(300))).toEqual(['T7']);
    expect(await pages.next(300)).toBeNull();
  });

  it('hands a page out as soon as it arrives, without waiting to fill a batch', async () => {
    const source = gatedSource(3);
    const pages = new PagePrefetcher(source.pages, 1000);
    const first = pages.next(500);
    await source.release();
    expect(refsOf(await first)).toEqual(['T1']);
    await source.release();
    expect(refsOf(await pages.next(500))).toEqual(['T2']);
    await source.release();
    expect(refsOf(await pages.next(500))).toEqual(['T3']);
    expect(await pages.next(500)).toBeNull();
  });

  it('gives a page bigger than the batch size alone', async () => {
    async function* big(): AsyncGenerator<OrderPage> {
      yield page(1, 700);
      yield page(2, 10, false);
    }
    const pages = new PagePrefetcher(big(), 1000);
    expect(refsOf(await pages.next(500))).toEqual(['T1']);
    expect(refsOf(await pages.next(500))).toEqual(['T2']);
  });

  it('pauses fetching once enough orders wait for the import', async () => {
    const source = gatedSource(10);
    const pages = new PagePrefetcher(source.pages, 200);
    await source.release();
    await source.release();
    // Two pages (200 orders) wait: the source is not asked for the third one.
    await new Promise((r) => setTimeout(r, 20));
    expect(source.state.fetched).toBe(2);
    expect(refsOf(await pages.next(100))).toEqual(['T1']);
    await source.release();
    expect(source.state.fetched).toBe(3);
    await pages.stop();
  });

  it('reads beyond the next page only while the quota is plentiful', async () => {
    const source = gatedSource(10);
    let plentiful = false;
    const pages = new PagePrefetcher(source.pages, 1000, () => plentiful);
    await source.release();
    // One page waits for the import: the next is not asked for while the quota is short.
    await new Promise((r) => setTimeout(r, 20));
    expect(source.state.fetched).toBe(1);
    expect(refsOf(await pages.next(500))).toEqual(['T1']);
    // Taken: the next page is needed, so it is fetched whatever the quota.
    await source.release();
    expect(source.state.fetched).toBe(2);
    plentiful = true;
    expect(refsOf(await pages.next(500))).toEqual(['T2']);
    await source.release();
    await source.release();
    expect(source.state.fetched).toBe(4);
    expect(refsOf(await pages.next(500))).toEqual(['T3', 'T4']);
    // The fifth page was asked for ahead: stopping waits for it.
    const stopped = pages.stop();
    await source.release();
    await stopped;
    expect(source.state).toEqual({ fetched: 5, closed: true });
  });

  it('hands out the pages fetched before a failure, then throws it', async () => {
    const pages = new PagePrefetcher(instant(2, new Error('QuotaExceeded')), 1000);
    expect(refsOf(await pages.next(100))).toEqual(['T1']);
    expect(refsOf(await pages.next(100))).toEqual(['T2']);
    await expect(pages.next(100)).rejects.toThrow('QuotaExceeded');
  });

  it('stops after the fetch in flight, dropping its page, and closes the source', async () => {
    const source = gatedSource(5);
    const pages = new PagePrefetcher(source.pages, 1000);
    await source.release();
    expect(refsOf(await pages.next(100))).toEqual(['T1']);
    const stopped = pages.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await source.release();
    await stopped;
    expect(source.state).toEqual({ fetched: 2, closed: true });
    expect(await pages.next(100)).toBeNull();
  });
});
