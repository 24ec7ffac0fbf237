import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import { UserError } from '../orm/exceptions';

export const INTERVALS: Array<[string, string]> = [['minutes', 'Minutes'], ['hours', 'Hours'], ['days', 'Days'], ['weeks', 'Weeks'], ['months', 'Months']];

/**
 * Scheduled jobs as rows, editable while the server runs. The scheduler of every worker
 * claims due rows with FOR UPDATE SKIP LOCKED and a lease, so a job never runs twice at once.
 */
export class IrCron extends Model {
  static override _name = 'ir.cron';
  static override _description = 'Scheduled Actions';
  static override _order = 'priority, name';
  static override _fields = {
    name: fields.char({ required: true }),
    model_name: fields.char({ string: 'Model', required: true }),
    method: fields.char({ string: 'Method', required: true, help: 'A method of the model, called with no arguments.' }),
    user_id: fields.many2one('res.users', { string: 'Scheduler User', default: 1 }),
    interval_number: fields.integer({ string: 'Interval Number', default: 1 }),
    interval_type: fields.selection(INTERVALS, { string: 'Interval Unit', default: 'hours' }),
    nextcall: fields.datetime({ string: 'Next Execution Date', required: true, default: () => new Date().toISOString().slice(0, 19).replace('T', ' ') }),
    lastcall: fields.datetime({ string: 'Last Execution Date', readonly: true }),
    last_duration: fields.float({ string: 'Last Duration (s)', readonly: true }),
    last_state: fields.selection([['success', 'Success'], ['failure', 'Failure'], ['timeout', 'Timed out']], { readonly: true }),
    last_error: fields.text({ readonly: true }),
    timeout_seconds: fields.integer({ string: 'Timeout (s)', default: 900 }),
    priority: fields.integer({ default: 5 }),
    active: fields.boolean({ default: true }),
    lease_until: fields.datetime({ string: 'Running Until', readonly: true, help: 'Set while a worker runs the job.' }),
  };
  static override _public = ['method_direct_trigger'];
  static override _sql_constraints: Array<[string, string, string]> = [
    ['interval_positive', 'CHECK (interval_number > 0)', 'The interval of a scheduled action must be positive.'],
  ];

  /** "Run now": executes the job right away in this call, as the scheduler would. */
  async method_direct_trigger(): Promise<boolean> {
    for (const job of await this.fetch(['model_name', 'method', 'user_id', 'name'])) {
      const model = this.env.model(job.model_name).withUser(job.user_id || this.env.uid) as any;
      if (typeof model[job.method] !== 'function') throw new UserError(`The scheduled action "${job.name}" calls ${job.model_name}.${job.method}, which does not exist.`);
      await model[job.method]();
      await this.sudo().browse([job.id]).write({ lastcall: new Date().toISOString().slice(0, 19).replace('T', ' '), last_state: 'success', last_error: false });
    }
    return true;
  }
}
