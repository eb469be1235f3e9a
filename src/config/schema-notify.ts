/**
 * schema-notify: JSON Schema fragments for the Alertmanager-style sections of the daemon config
 * (`alerting`, `route`, `receivers`, `inhibit_rules`, `silences`). Owned by the notify stage; the
 * main schema in schema.ts embeds them. Until the notify stage lands, these accept only empty
 * sections so that nothing unknown is silently ignored.
 */
export const notifySectionSchemas: Record<string, object> = {
  alerting: { type: 'object', additionalProperties: false, properties: {} },
  route: { type: 'object', additionalProperties: false, properties: {} },
  receivers: { type: 'array', maxItems: 0 },
  inhibit_rules: { type: 'array', maxItems: 0 },
};
