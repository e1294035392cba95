/** Invalid input, one vocabulary: problems, the error that lists them all, and the AWS naming rules. Pure. */
export * from './problem';
export * from './rules';
export * from './aws-regions';
