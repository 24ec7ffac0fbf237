import { Component, xml } from '@odoo/owl';
import { registry } from '../../core/registry';
import { standardFieldProps, type FieldProps } from './standard_field_props';

/** binary: download the stored file (base64), upload a new one. */
export class BinaryField extends Component<FieldProps> {
  static override template = xml`
    <div class="o_field_binary">
      <button t-if="hasValue" type="button" class="btn btn-link o_download" t-on-click="download">Download</button>
      <span t-elif="props.readonly" class="text-muted">No file</span>
      <label t-if="!props.readonly" class="btn btn-secondary o_upload">Upload your file
        <input type="file" class="d-none" t-att-id="props.id" t-on-change="upload"/>
      </label>
    </div>`;
  static override props = standardFieldProps;

  get hasValue(): boolean {
    return Boolean(this.props.record.data[this.props.name]);
  }
  get filename(): string {
    const record = this.props.record;
    const named = record.data[`${this.props.name}_filename`] ?? record.data.filename ?? record.data.name;
    return typeof named === 'string' && named ? named : `${record.resModel}-${record.resId || 'new'}-${this.props.name}`;
  }
  download() {
    const base64 = String(this.props.record.data[this.props.name]);
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes]));
    const link = document.createElement('a');
    link.href = url;
    link.download = this.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  upload(ev: Event) {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result);
      this.props.record.update({ [this.props.name]: dataUrl.slice(dataUrl.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  }
}

registry.category('fields').add('binary', { component: BinaryField, supportedTypes: ['binary'] });
