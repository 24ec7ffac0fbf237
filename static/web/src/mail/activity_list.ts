import { Component, onWillStart, onWillUpdateProps, useState, xml } from '@odoo/owl';
import { DateTime } from 'luxon';
import { serviceOf, ignoreShown } from '../core/hooks';
import type { ORM } from '../core/orm_service';
import { formatDate } from '../core/format';

interface Activity { id: number; summary: string; note: string | false; user_id: [number, string] | false; date_deadline: string | false }

/**
 * The record's open activities (mail.activity): summary, note, who and when, overdue ones
 * marked; Mark Done closes one. All text from the server is shown as text.
 */
export class ActivityList extends Component<{ resModel: string; resId: number; reloadKey?: number }> {
  static override template = xml`
    <div t-if="state.activities.length" class="o_mail_activities" data-testid="activities">
      <div class="o_chatter_title">Planned Activities</div>
      <t t-foreach="state.activities" t-as="activity" t-key="activity.id">
        <div t-attf-class="o_activity o_activity_{{ deadlineState(activity) }}" t-att-data-id="activity.id" data-testid="activity">
          <div class="o_activity_header">
            <span class="o_activity_deadline" t-esc="deadlineText(activity)"/>
            <strong class="o_activity_summary" t-esc="activity.summary"/>
            <span t-if="activity.user_id" class="o_activity_user text-muted" t-esc="'for ' + activity.user_id[1]"/>
            <button type="button" class="btn btn-link o_activity_done" data-testid="activity-done" t-on-click="() => this.markDone(activity)">Mark Done</button>
          </div>
          <div t-if="activity.note" class="o_activity_note" t-esc="activity.note"/>
        </div>
      </t>
    </div>`;
  static override props = { resModel: String, resId: Number, reloadKey: { type: Number, optional: true } };

  orm = serviceOf<ORM>(this, 'orm');
  state = useState({ activities: [] as Activity[] });

  override setup() {
    onWillStart(() => this.load(this.props));
    onWillUpdateProps((next) => this.load(next));
  }

  async load(props: { resModel: string; resId: number }) {
    try {
      this.state.activities = await this.orm.searchRead('mail.activity',
        [['res_model', '=', props.resModel], ['res_id', '=', props.resId], ['state', '=', 'open']],
        ['summary', 'note', 'user_id', 'date_deadline'], { order: 'date_deadline, id' });
    } catch (error) {
      ignoreShown(error);
    }
  }

  async markDone(activity: Activity) {
    try {
      await this.orm.call('mail.activity', 'action_done', [[activity.id]]);
      await this.load(this.props);
    } catch (error) {
      ignoreShown(error);
    }
  }

  /** overdue, today or planned, from the due date against the user's today */
  deadlineState(activity: Activity): 'overdue' | 'today' | 'planned' {
    if (!activity.date_deadline) return 'planned';
    const today = DateTime.now().toISODate()!;
    if (activity.date_deadline < today) return 'overdue';
    return activity.date_deadline === today ? 'today' : 'planned';
  }
  deadlineText(activity: Activity): string {
    const state = this.deadlineState(activity);
    if (state === 'today') return 'Today:';
    const label = formatDate(activity.date_deadline);
    return state === 'overdue' ? `Overdue (${label}):` : `Due ${label}:`;
  }
}
