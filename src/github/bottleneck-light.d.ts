// Types for Bottleneck's light build, the one @octokit/plugin-throttling loads (same API as
// the full build, without its Redis clustering).
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
