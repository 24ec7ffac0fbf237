import type { FieldsGet, Record } from './record';
import type { Domain } from '../core/domain';

/** What a view controller receives from the action that shows it. */
export interface ViewProps {
  resModel: string;
  views: { [type: string]: { arch: any; id: number | false } };
  models: { [model: string]: FieldsGet };
  context?: { [key: string]: unknown };
  domain?: Domain;
  resId?: number | false;
  limit?: number;
  help?: string | false;
  inDialog?: boolean;
  canDelete?: boolean;
  close?: () => void;
  openRecord?: (resId: number | false, resIds?: number[]) => void;
  onRecordLoaded?: (record: Record) => void;
  onDiscardNew?: () => void;
  onDeleted?: () => void;
  switchView?: (type: string) => void;
  viewTypes?: string[];
}
