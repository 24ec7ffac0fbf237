import { reactive } from '@odoo/owl';
import { registry } from './registry';

export interface Notification {
  id: number;
  message: string;
  title?: string;
  type: 'success' | 'warning' | 'danger' | 'info';
  sticky: boolean;
}

export interface NotificationService {
  notifications: Notification[];
  add(message: string, options?: Partial<Omit<Notification, 'id' | 'message'>>): () => void;
}

let nextId = 0;

/** Notifications shown top right; they close by themselves unless sticky. */
export const notificationService = {
  start(): NotificationService {
    const notifications = reactive<Notification[]>([]);
    const close = (id: number) => {
      const index = notifications.findIndex((n) => n.id === id);
      if (index >= 0) notifications.splice(index, 1);
    };
    return {
      notifications,
      add(message, options = {}) {
        const id = ++nextId;
        notifications.push({ id, message, title: options.title, type: options.type ?? 'info', sticky: options.sticky ?? false });
        if (!options.sticky) setTimeout(() => close(id), options.type === 'danger' ? 8000 : 4000);
        return () => close(id);
      },
    };
  },
};

registry.category('services').add('notification', notificationService);
