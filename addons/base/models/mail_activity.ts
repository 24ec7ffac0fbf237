import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** A to-do attached to a record and assigned to a user (e.g. "create a return"). */
export class MailActivity extends Model {
  static override _name = 'mail.activity';
  static override _description = 'Activity';
  static override _order = 'date_deadline, id';
  static override _rec_name = 'summary';
  static override _fields = {
    res_model: fields.char({ string: 'Related Document Model', required: true, index: true }),
    res_id: fields.integer({ string: 'Related Document ID', required: true, index: true }),
    summary: fields.char({ required: true }),
    note: fields.text(),
    user_id: fields.many2one('res.users', { string: 'Assigned to' }),
    date_deadline: fields.date({ string: 'Due Date', default: () => new Date().toISOString().slice(0, 10) }),
    state: fields.selection([['open', 'Open'], ['done', 'Done']], { default: 'open' }),
  };
  static override _public = ['action_done'];

  async action_done(): Promise<boolean> {
    await this.write({ state: 'done' });
    return true;
  }
}
