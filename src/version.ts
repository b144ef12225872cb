// Heng's version, recorded with every run for the reproducibility appendix.
export const VERSION = '0.1.0';
