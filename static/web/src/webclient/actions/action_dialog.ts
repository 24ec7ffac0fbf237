import { Component, xml } from '@odoo/owl';
import { WindowAction } from './window_action';
import type { ActWindow } from './action_service';

/** An action with target "new" (a wizard): its form in a modal dialog. */
export class ActionDialog extends Component<{ action: ActWindow; title: string; close: () => void }> {
  static override template = xml`
    <div class="o_dialog modal d-block" role="dialog" data-testid="dialog">
      <div class="modal-dialog modal-lg"><div class="modal-content">
        <header class="modal-header">
          <h4 class="modal-title" t-esc="props.title"/>
          <button type="button" class="btn-close" aria-label="Close" t-on-click="() => props.close()">×</button>
        </header>
        <main class="modal-body">
          <WindowAction action="props.action" viewType="'form'" resId="props.action.res_id or false" inDialog="true" close="props.close"/>
        </main>
      </div></div>
    </div>`;
  static override props = ['action', 'title', 'close'];
  static components = { WindowAction };
}
