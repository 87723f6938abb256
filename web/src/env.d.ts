// Vite's asset imports (the page's build-time bindings) as the TypeScript checker sees them.
declare module '*?url' {
  const url: string;
  export default url;
}
declare module '*.css';
