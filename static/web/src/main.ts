/**
 * The web addon's client modules: importing them fills the registries. Other addons' assets
 * are bundled after this one (manifest "assets", dependency order); start.ts mounts last.
 */
import './core/rpc_service';
import './core/orm_service';
import './core/user_service';
import './core/notification_service';
import './core/dialog_service';
import './core/router_service';
import './webclient/actions/action_service';
import './webclient/actions/client_actions';
import './views/fields/char_field';
import './views/fields/text_field';
import './views/fields/number_field';
import './views/fields/boolean_field';
import './views/fields/date_field';
import './views/fields/selection_field';
import './views/fields/many2one_field';
import './views/fields/many2many_tags_field';
import './views/fields/binary_field';
import './views/form/x2many_field';
import './views/form/form_controller';
import './views/list/list_controller';
import './views/kanban/kanban_controller';
import './views/graph/graph_controller';
import './views/pivot/pivot_controller';
import { registry } from './core/registry';
import { NotificationContainer } from './core/notifications/notification_container';
import { DialogContainer } from './core/dialog/dialog_container';

registry.category('main_components').add('NotificationContainer', NotificationContainer);
registry.category('main_components').add('DialogContainer', DialogContainer);
