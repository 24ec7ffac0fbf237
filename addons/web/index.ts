import type { HttpRoute, JsonRoute } from '../base/http/routes';
import type { ModelContribution } from '../base/orm/registry';
import { IrUiView } from './models/ir_ui_view';
import { IrActionsActWindow } from './models/ir_actions_act_window';
import { IrUiMenu } from './models/ir_ui_menu';
import { installGetViews } from './models/model_get_views';
import { actionLoad } from './controllers/action';
import { loadMenus } from './controllers/menus';
import { clientPages } from './controllers/webclient';
import { staticFiles } from './controllers/static_files';
import { contentDownload } from './controllers/content';

installGetViews();

export const models: ModelContribution[] = [IrUiView, IrActionsActWindow, IrUiMenu];

export const jsonRoutes: JsonRoute[] = [actionLoad, loadMenus];

export const httpRoutes: HttpRoute[] = [...clientPages, staticFiles, contentDownload];
