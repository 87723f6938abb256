// The page: sign-in, the time window, filters and layers, the summary, the details of what is selected and
// the quote tool. Everything shown comes from the API; what the API refuses (403) is hidden, what it does
// not offer (404) says so, and an unreachable API gets one clear message with a retry.
// This module starts the page; each concern lives in its own module and the page's state in state.ts.
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import { $, $select } from './html.js';
import { LANGS, lang, onLangChange, setLang, translateDom, type Lang } from './i18n.js';
import { MapView } from './mapview.js';
import { QuoteTool } from './quote.js';
import { driftChanged, renderLegendPanel, renderToggles } from './layers.js';
import { loadAll } from './loader.js';
import { watchDevices } from './devices.js';
import { watchDrift } from './drift.js';
import { page } from './page.js';
import { renderAll, wireControls } from './panels.js';
import { loadRelocation } from './relocation.js';
import { wireMapClicks } from './selection.js';
import { wireSignIn } from './signin.js';
import { state, ui } from './state.js';
import { wireTimeWindow } from './timewindow.js';

// ---- language -------------------------------------------------------------------------------------------
const savedLang = localStorage.getItem('irisnet.lang');
const initialLang: Lang = (LANGS as readonly string[]).includes(savedLang ?? '') ? (savedLang as Lang)
  : navigator.language.startsWith('nl') ? 'nl' : navigator.language.startsWith('fr') ? 'fr' : 'en';
setLang(initialLang);
$select('lang').value = initialLang;
translateDom();

performance.mark('irisnet:start');
page.view = new MapView($('map'), lang());
void page.view.whenReady().then(() => performance.mark('irisnet:style'));
page.view.map.once('load', () => performance.mark('irisnet:basemap'));
page.quote = new QuoteTool($('quote'), page.view, state, (on) => { ui.picking = on; });

window.irisnet = { map: page.view.map, state, loaded: false, loads: 0 };

$select('lang').addEventListener('change', () => {
  const l = $select('lang').value as Lang;
  localStorage.setItem('irisnet.lang', l);
  setLang(l);
});
onLangChange(() => {
  translateDom();
  page.view.setLang(lang());
  renderToggles();
  renderAll();
  page.quote.render();
  load(); // the API's sentences (explanations, cuts, opportunities) come again in the new language
});

const load = (): void => void loadAll();
wireSignIn(load);
wireTimeWindow(load);
wireControls(() => void loadRelocation(ui.loadSeq));
wireMapClicks();

renderToggles();
renderLegendPanel();
void loadAll();
watchDevices();
watchDrift(driftChanged);
