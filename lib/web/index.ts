export * from './web-tier';
export * from './cloudfront-prefix-list';
