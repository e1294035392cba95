/** Invalid input, one vocabulary: the problem type and the error that lists every problem. Pure. */
export { type Problem, PropsValidationError } from './problem';
export { AWS_REGIONS, GLOBAL_SERVICES_REGION, isAwsRegion } from './aws-regions';
export { ALB_HEADER_NAME_MAX_LENGTH } from './rules';
