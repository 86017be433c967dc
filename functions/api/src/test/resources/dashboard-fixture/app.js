export const fixture = "café";
