import type { Record } from '../record';

/** Props every field widget receives, as Odoo's standardFieldProps. */
export const standardFieldProps = {
  record: Object,
  name: String,
  readonly: { type: Boolean, optional: true },
  placeholder: { type: String, optional: true },
  widget: { type: String, optional: true },
  id: { type: String, optional: true },
  node: { type: Object, optional: true },
};

export interface FieldProps {
  record: Record;
  name: string;
  readonly?: boolean;
  placeholder?: string;
  widget?: string;
  id?: string;
  node?: Record_Node;
}
type Record_Node = { [key: string]: unknown };

export interface FieldRegistryEntry {
  component: any;
  supportedTypes?: string[];
  /** list cells show this component instead of formatted text */
  inList?: boolean;
}
