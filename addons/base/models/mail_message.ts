import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** The message log of records: notes posted by users and by the system, shown on forms. */
export class MailMessage extends Model {
  static override _name = 'mail.message';
  static override _description = 'Message';
  static override _order = 'id desc';
  static override _rec_name = 'subject';
  static override _fields = {
    model: fields.char({ string: 'Related Document Model', index: true }),
    res_id: fields.integer({ string: 'Related Document ID', index: true }),
    subject: fields.char(),
    body: fields.text({ string: 'Contents', help: 'Plain text: rendered as text, never as HTML.' }),
    message_type: fields.selection([['comment', 'Comment'], ['notification', 'System notification']], { default: 'comment' }),
    author_id: fields.many2one('res.partner', { string: 'Author' }),
    date: fields.datetime({ default: () => new Date().toISOString().slice(0, 19).replace('T', ' ') }),
  };
}
