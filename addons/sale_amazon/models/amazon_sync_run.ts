import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { SearchOptions } from '../../base/orm/model';
import type { ReadGroupOptions } from '../../base/orm/read_group';
import type { Vals } from '../../base/orm/values';
import { interruptDeadRuns } from '../services/stale_runs';

/** One synchronisation run and what it did, so users see progress and counts without reading logs. */
export class AmazonSyncRun extends Model {
  static override _name = 'amazon.sync.run';
  static override _description = 'Amazon Synchronisation Run';
  static override _order = 'id desc';
  static override _fields = {
    account_id: fields.many2one('amazon.account', { string: 'Account', required: true, index: true, ondelete: 'cascade' }),
    kind: fields.selection([['orders', 'Orders'], ['pickings', 'Deliveries'], ['recover', 'Order recovery']], { required: true, default: 'orders' }),
    trigger: fields.selection([['cron', 'Scheduled'], ['manual', 'Button'], ['cli', 'Command line'], ['retry', 'Retry']], { default: 'manual' }),
    state: fields.selection([['running', 'Running'], ['done', 'Done'], ['interrupted', 'Interrupted'], ['failed', 'Failed']], { default: 'running', required: true }),
    started_at: fields.datetime({ string: 'Started' }),
    finished_at: fields.datetime({ string: 'Finished' }),
    window_start: fields.datetime({ string: 'Changes After' }),
    window_end: fields.datetime({ string: 'Changes Before' }),
    fetched: fields.integer({ default: 0 }),
    created: fields.integer({ default: 0 }),
    updated: fields.integer({ default: 0 }),
    skipped: fields.integer({ default: 0 }),
    failed: fields.integer({ default: 0 }),
    retried: fields.integer({ default: 0 }),
    message: fields.text(),
  };

  /** Runs are read by screens and RPC clients: a run whose process died shows as interrupted (see interruptDeadRuns). */
  override async read(fields?: string[] | null, options: { load?: string } = {}): Promise<Vals[]> {
    await interruptDeadRuns(this.env);
    return super.read(fields, options);
  }

  override async search_read(domain: unknown = [], fields?: string[] | null, options: SearchOptions = {}): Promise<Vals[]> {
    await interruptDeadRuns(this.env);
    return super.search_read(domain, fields, options);
  }

  /** The runs grouped (by state, in the list's group-by or a report) count a dead run as interrupted too. */
  override async read_group(domain: unknown, fields: string[], groupby: string | string[], options: ReadGroupOptions = {}): Promise<Vals[]> {
    await interruptDeadRuns(this.env);
    return super.read_group(domain, fields, groupby, options);
  }
}
