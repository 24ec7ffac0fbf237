import { Component, useState, xml } from '@odoo/owl';
import { serviceOf } from '../hooks';
import type { NotificationService } from '../notification_service';

/** Notifications top right; messages are server text, shown with t-esc. */
export class NotificationContainer extends Component {
  static override template = xml`
    <div class="o_notification_manager">
      <t t-foreach="service.notifications" t-as="notification" t-key="notification.id">
        <div t-attf-class="o_notification o_notification_{{ notification.type }}" role="alert" data-testid="notification" t-att-data-type="notification.type">
          <strong t-if="notification.title" class="o_notification_title" t-esc="notification.title"/>
          <div class="o_notification_content" t-esc="notification.message"/>
          <button type="button" class="o_notification_close" aria-label="Close" t-on-click="() => this.close(notification.id)">×</button>
        </div>
      </t>
    </div>`;
  static override props = {};
  service = useState(serviceOf<NotificationService>(this, 'notification'));

  close(id: number) {
    const index = this.service.notifications.findIndex((n) => n.id === id);
    if (index >= 0) this.service.notifications.splice(index, 1);
  }
}
