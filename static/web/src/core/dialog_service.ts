import { markRaw, reactive } from '@odoo/owl';
import { registry } from './registry';

export interface DialogEntry {
  id: number;
  Component: any;
  props: Record<string, unknown>;
  onClose?: (info?: unknown) => void;
}

export interface DialogService {
  dialogs: DialogEntry[];
  /** Opens Component as a dialog; its props get `close(info?)`. Returns the close function. */
  add(Component: any, props?: Record<string, unknown>, options?: { onClose?: (info?: unknown) => void }): (info?: unknown) => void;
  closeAll(): void;
}

let nextId = 0;

export const dialogService = {
  start(): DialogService {
    const dialogs = reactive<DialogEntry[]>([]);
    const service: DialogService = {
      dialogs,
      add(Component, props = {}, options = {}) {
        const id = ++nextId;
        const close = (info?: unknown) => {
          const index = dialogs.findIndex((d) => d.id === id);
          if (index < 0) return;
          const [entry] = dialogs.splice(index, 1);
          entry.onClose?.(info);
        };
        dialogs.push({ id, Component: markRaw(Component), props: { ...props, close }, onClose: options.onClose });
        return close;
      },
      closeAll() {
        for (const dialog of [...dialogs].reverse()) {
          const index = dialogs.indexOf(dialog);
          if (index >= 0) dialogs.splice(index, 1)[0].onClose?.();
        }
      },
    };
    return service;
  },
};

registry.category('services').add('dialog', dialogService);
