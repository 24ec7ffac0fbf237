import { Component, xml } from '@odoo/owl';

/** What a view shows when it has nothing to show: a short message and the action's help, as text. */
export class NoContentHelp extends Component<{ message: string; help?: string | false }> {
  static override template = xml`
    <div class="o_view_nocontent">
      <p class="o_view_nocontent_smiling_face" t-esc="props.message"/>
      <p t-if="props.help" class="o_view_nocontent_help" t-esc="props.help"/>
    </div>`;
}
