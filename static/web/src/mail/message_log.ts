import { Component, onWillStart, onWillUpdateProps, useState, xml } from '@odoo/owl';
import { serviceOf, ignoreShown } from '../core/hooks';
import type { ORM } from '../core/orm_service';
import { formatDatetime } from '../core/format';

interface Message { id: number; body: string | false; subject: string | false; author_id: [number, string] | false; date: string; message_type: string }

/** The record's message log (mail.message), newest first. Bodies are text, never HTML. */
export class MessageLog extends Component<{ resModel: string; resId: number; reloadKey?: number }> {
  static override template = xml`
    <div class="o_chatter o_message_log">
      <div class="o_chatter_title">Log</div>
      <div t-if="!state.messages.length" class="o_chatter_empty text-muted">No messages yet.</div>
      <t t-foreach="state.messages" t-as="message" t-key="message.id">
        <div class="o_message" t-att-data-id="message.id" data-testid="message">
          <div class="o_message_header">
            <strong class="o_message_author" t-esc="message.author_id ? message.author_id[1] : 'System'"/>
            <span class="o_message_date text-muted" t-esc="formatDate(message.date)"/>
          </div>
          <div t-if="message.subject" class="o_message_subject" t-esc="message.subject"/>
          <div class="o_message_body" t-esc="message.body or ''"/>
        </div>
      </t>
    </div>`;
  static override props = { resModel: String, resId: Number, reloadKey: { type: Number, optional: true } };

  orm = serviceOf<ORM>(this, 'orm');
  user = serviceOf<{ context: { tz?: string } }>(this, 'user');
  state = useState({ messages: [] as Message[] });

  override setup() {
    onWillStart(() => this.load(this.props));
    onWillUpdateProps((next) => this.load(next));
  }
  async load(props: { resModel: string; resId: number }) {
    try {
      this.state.messages = await this.orm.searchRead('mail.message', [['model', '=', props.resModel], ['res_id', '=', props.resId]],
        ['body', 'subject', 'author_id', 'date', 'message_type'], { order: 'id desc', limit: 50 });
    } catch (error) {
      ignoreShown(error);
    }
  }
  formatDate(value: string): string {
    return formatDatetime(value, this.user.context.tz ?? 'UTC');
  }
}
