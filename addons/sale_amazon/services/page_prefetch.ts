/**
 * Reads Amazon's pages of orders ahead of the import. Fetching then overlaps importing, and when
 * pages arrive faster than they are imported (a first sync, a re-sync after Last Order Sync moved
 * back, Amazon's burst allowance) the import takes several at once in one transaction: a backlog
 * is worked off in bigger batches, while a trickle is still imported page by page, without waiting.
 * Beyond the page the import needs next it reads only while that costs nothing the seller will
 * miss (see canReadAhead): Amazon's search quota refills at one call a minute.
 */
import type { OrderPage } from '../sp_api/types';

export class PagePrefetcher {
  private readonly ready: OrderPage[] = [];
  private readyOrders = 0;
  private finished = false;
  private stopped = false;
  private failure: { error: unknown } | null = null;
  private wakeConsumer: (() => void) | null = null;
  private wakeProducer: (() => void) | null = null;
  private readonly running: Promise<void>;

  /**
   * @param maxOrdersAhead how many fetched orders may wait for the import before fetching pauses
   * @param canReadAhead whether a page may be fetched while others still wait (Amazon's quota is
   *   plentiful); when not, the next page is fetched only once the import has taken the waiting ones
   */
  constructor(source: AsyncIterable<OrderPage>, private readonly maxOrdersAhead: number, private readonly canReadAhead: () => boolean = () => true) {
    this.running = this.fetchAll(source);
  }

  /**
   * The pages fetched so far (at least one, waiting for it if needed), up to `maxOrders` orders
   * unless the first page alone has more; null once Amazon has no more. A fetch failure is thrown
   * here, after the pages fetched before it have been handed out.
   */
  async next(maxOrders: number): Promise<OrderPage[] | null> {
    while (!this.ready.length && !this.finished) await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    if (!this.ready.length) {
      if (this.failure) throw this.failure.error;
      return null;
    }
    const batch = [this.ready.shift()!];
    let orders = batch[0]!.orders.length;
    while (this.ready.length && orders + this.ready[0]!.orders.length <= maxOrders) {
      orders += this.ready[0]!.orders.length;
      batch.push(this.ready.shift()!);
    }
    this.readyOrders -= orders;
    this.wake('producer');
    return batch;
  }

  /**
   * Stops fetching: a fetch in flight is let finish and its page dropped (it was not imported, so
   * the cursor stands before it). Resolves once nothing is fetched any more.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake('producer');
    await this.running;
  }

  private async fetchAll(source: AsyncIterable<OrderPage>): Promise<void> {
    try {
      for await (const page of source) {
        if (this.stopped) break;
        this.ready.push(page);
        this.readyOrders += page.orders.length;
        this.wake('consumer');
        if (!page.hasMore) break;
        while (!this.stopped && (this.readyOrders >= this.maxOrdersAhead || (this.readyOrders > 0 && !this.canReadAhead()))) {
          await new Promise<void>((resolve) => (this.wakeProducer = resolve));
        }
        if (this.stopped) break;
      }
    } catch (error) {
      if (!this.stopped) this.failure = { error };
    } finally {
      this.finished = true;
      this.wake('consumer');
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = null;
    else this.wakeProducer = null;
    wake?.();
  }
}
