/**
 * The static three.js site drawn from SiteGeometry: ground, roads, yard and inspection bays, the H986
 * tunnels, queue lanes, the exit gate with smart lanes (barrier booms) and manual booths, text labels
 * (CSS2DRenderer), lights, the camera with OrbitControls and its presets (overview, gate, scanner).
 * Boxes of one colour are merged into one mesh so the site costs a handful of draw calls.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CSS2DObject, CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { BAY_L, BAY_W, LANE_W, SLOT, type SiteGeometry } from './site-layout.js';

export type CameraPreset = 'overview' | 'gate' | 'scanner';

/** colour of the gate canopy roof: drawn see-through so the lanes under it stay visible */
const ROOF = 0x5b6b7e;

class BoxBatch {
  private readonly byColour = new Map<number, THREE.BufferGeometry[]>();
  /** a box with its base at y = 0 unless y0 is given */
  add(colour: number, cx: number, cz: number, sx: number, sy: number, sz: number, y0 = 0): void {
    const g = new THREE.BoxGeometry(sx, sy, sz);
    g.translate(cx, y0 + sy / 2, cz);
    let list = this.byColour.get(colour);
    if (!list) this.byColour.set(colour, (list = []));
    list.push(g);
  }
  flat(colour: number, x0: number, z0: number, x1: number, z1: number, y: number): void {
    this.add(colour, (x0 + x1) / 2, (z0 + z1) / 2, Math.abs(x1 - x0), 0.02, Math.abs(z1 - z0), y);
  }
  build(group: THREE.Group): void {
    for (const [colour, list] of this.byColour) {
      const merged = mergeGeometries(list, false);
      for (const g of list) g.dispose();
      if (!merged) continue;
      const glass = colour === ROOF;
      const mesh = new THREE.Mesh(merged, new THREE.MeshLambertMaterial({ color: colour, transparent: glass, opacity: glass ? 0.35 : 1, depthWrite: !glass }));
      if (glass) mesh.renderOrder = 1;
      mesh.matrixAutoUpdate = false;
      group.add(mesh);
    }
  }
}

/**
 * True when WebGL runs in software (SwiftShader, llvmpipe: headless browsers, VMs without a GPU).
 * There MSAA costs the CPU the page runs on, so the renderer draws without it.
 */
function softwareWebGL(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return false;
    let name = String(gl.getParameter(gl.RENDERER) ?? '');
    if (!/swiftshader|llvmpipe|software/i.test(name) && /Chrome\//.test(navigator.userAgent)) {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      if (ext) name = String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) ?? '');
    }
    return /swiftshader|llvmpipe|software/i.test(name);
  } catch {
    return false;
  }
}

export class SiteScene {
  readonly scene = new THREE.Scene();
  readonly camera: THREE.PerspectiveCamera;
  readonly renderer: THREE.WebGLRenderer;
  readonly labels: CSS2DRenderer;
  readonly controls: OrbitControls;
  private readonly host: HTMLElement;
  private readonly booms: THREE.Mesh[] = [];
  /** the last preset; re-applied on resize until the user moves the camera */
  private lastPreset: CameraPreset = 'overview';
  private userMoved = false;
  private readonly boomAngle: number[] = [];

  constructor(host: HTMLElement, private readonly geo: SiteGeometry) {
    this.host = host;
    const soft = softwareWebGL();
    this.renderer = new THREE.WebGLRenderer({ antialias: !soft, powerPreference: 'high-performance', preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(soft ? 1 : Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0x9fb7c9);
    host.append(this.renderer.domElement);
    this.renderer.domElement.setAttribute('aria-label', '3D view of the port: click a truck for its consignment; N / P select the next / previous truck');
    this.renderer.domElement.tabIndex = 0;
    this.labels = new CSS2DRenderer();
    this.labels.domElement.className = 'labels';
    host.append(this.labels.domElement);
    const b = geo.bounds;
    const span = Math.max(b.maxX - b.minX, b.maxZ - b.minZ);
    this.camera = new THREE.PerspectiveCamera(45, 1, 1, span * 6);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = false;
    this.controls.maxPolarAngle = Math.PI * 0.48;
    this.controls.minDistance = 15;
    this.controls.maxDistance = span * 2.5;
    this.controls.keys = { LEFT: 'KeyA', UP: 'KeyW', RIGHT: 'KeyD', BOTTOM: 'KeyS' };
    this.controls.listenToKeyEvents(window);
    this.controls.addEventListener('start', () => { this.userMoved = true; });
    this.scene.fog = new THREE.Fog(0x9fb7c9, span * 1.5, span * 5);
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x556655, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(-0.4, 1, 0.6);
    this.scene.add(sun);
    this.buildSite();
    this.resize();
  }

  private label(text: string, x: number, y: number, z: number): void {
    const div = document.createElement('div');
    div.className = 'site-label';
    div.textContent = text;
    const o = new CSS2DObject(div);
    o.position.set(x, y, z);
    this.scene.add(o);
  }

  private buildSite(): void {
    const g = this.geo;
    const b = g.bounds;
    const group = new THREE.Group();
    group.matrixAutoUpdate = false;
    const boxes = new BoxBatch();
    const GRASS = 0x7c9a6a, ROAD = 0x4a4f55, PAD = 0x8a8f96, YARD = 0x9a9a92, INSP = 0xa89a80, WHITE = 0xf2f2f2;
    // ground
    boxes.flat(GRASS, b.minX - 200, b.minZ - 200, b.maxX + 200, b.maxZ + 200, -0.1);
    // main road entrance → exit
    boxes.flat(ROAD, g.approachX0 - 10, -6, g.exitX1 + 10, 9, 0);
    // yard and inspection pads
    const y = g.yard;
    boxes.flat(YARD, y.x0, y.z0, y.x0 + y.w, y.z0 + y.d, 0.03);
    const ins = g.insp;
    boxes.flat(INSP, ins.x0, ins.z0, ins.x0 + ins.w, ins.z0 + ins.d, 0.03);
    boxes.flat(ROAD, ins.x0 + 4, 6, ins.x0 + 12, ins.z0, 0.01);
    boxes.add(0xb7a57a, ins.x0 + ins.w + 12, ins.z0 + 14, 14, 8, 24); // inspection shed
    // scanners: queue lane, tunnel walls, roof, control cabin
    for (let k = 0; k < g.scanners; k++) {
      const x = g.scannerX(k);
      const qLen = Math.max(6, 1) * SLOT;
      boxes.flat(ROAD, x - 3.5, g.scanQueueHeadZ - qLen * 3, x + 3.5, 6, 0.01);
      boxes.add(0xd8dde3, x - 3.4, (g.tunnelZ0 + g.tunnelZ1) / 2, 0.8, 6.5, g.tunnelZ1 - g.tunnelZ0);
      boxes.add(0xd8dde3, x + 3.4, (g.tunnelZ0 + g.tunnelZ1) / 2, 0.8, 6.5, g.tunnelZ1 - g.tunnelZ0);
      boxes.add(0xe3a33a, x, (g.tunnelZ0 + g.tunnelZ1) / 2, 7.6, 0.8, g.tunnelZ1 - g.tunnelZ0, 6.5);
      boxes.add(0xeeeeee, x + 7, g.tunnelZ1 - 6, 4, 3, 4);
      // alternate ends of the tunnels so neighbouring labels do not overlap from afar
      this.label(`H986 #${k + 1}`, x, 8, k % 2 === 0 ? g.tunnelZ1 + 2 : g.tunnelZ0 - 2);
    }
    if (g.scanners) this.label('scanner queue', g.scannerX(0), 2, g.scanQueueHeadZ - SLOT * 2);
    // gate queue area and lanes
    const zTop = g.laneZ(0) - LANE_W / 2;
    const zBot = g.laneZ(g.lanes - 1) + LANE_W / 2;
    const qx0 = g.hubEast + 20;
    boxes.flat(PAD, qx0, zTop, g.gateX + 14, zBot, 0.01);
    for (let j = 0; j <= g.lanes; j++) {
      const z = zTop + j * LANE_W;
      boxes.flat(WHITE, g.gateX - 10, z - 0.15, g.gateX + 12, z + 0.15, 0.04);
    }
    // canopy on posts
    boxes.add(ROOF, g.gateX, (zTop + zBot) / 2, 14, 0.6, zBot - zTop + 2, 7);
    boxes.add(0x5b6b7d, g.gateX - 6, zTop - 0.5, 0.6, 7, 0.6);
    boxes.add(0x5b6b7d, g.gateX - 6, zBot + 0.5, 0.6, 7, 0.6);
    boxes.add(0x5b6b7d, g.gateX + 6, zTop - 0.5, 0.6, 7, 0.6);
    boxes.add(0x5b6b7d, g.gateX + 6, zBot + 0.5, 0.6, 7, 0.6);
    for (let k = 0; k < g.smart; k++) {
      const z = g.laneZ(k);
      boxes.add(0x333333, g.gateX + 9, z - LANE_W / 2 + 0.5, 0.6, 1.2, 0.6); // boom post
      boxes.add(0x2a6ad6, g.gateX - 7, z - LANE_W / 2 + 0.4, 0.5, 4.5, 0.5); // reader mast
    }
    for (let k = 0; k < g.manual; k++) {
      const z = g.laneZ(g.smart + k);
      boxes.add(0xe8e0c8, g.gateX, z + LANE_W / 2 - 0.9, 3, 2.8, 1.4); // booth
      boxes.add(0x333333, g.gateX + 9, z - LANE_W / 2 + 0.5, 0.6, 1.2, 0.6); // boom post
    }
    boxes.build(group);
    // barrier booms, one per lane, pivoting at the post (raised by setBooms)
    const boomGeo = new THREE.BoxGeometry(0.25, 0.25, LANE_W - 1.2);
    boomGeo.translate(0, 0, (LANE_W - 1.2) / 2);
    const boomMat = new THREE.MeshLambertMaterial({ color: 0xff3b3b });
    for (let j = 0; j < g.lanes; j++) {
      const boom = new THREE.Mesh(boomGeo, boomMat);
      boom.position.set(g.gateX + 9, 1.1, g.laneZ(j) - LANE_W / 2 + 0.5);
      this.booms.push(boom);
      group.add(boom);
    }
    // bay markings: one LineSegments for all bays
    const pts: number[] = [];
    const bays = (gr: typeof y): void => {
      for (let r = 0; r <= gr.rows; r++) {
        const z = gr.z0 + 6 + r * BAY_L;
        pts.push(gr.x0 + 6, 0.06, z, gr.x0 + 6 + gr.cols * BAY_W, 0.06, z);
      }
      for (let c = 0; c <= gr.cols; c++) {
        const x = gr.x0 + 6 + c * BAY_W;
        pts.push(x, 0.06, gr.z0 + 6, x, 0.06, gr.z0 + 6 + gr.rows * BAY_L);
      }
    };
    bays(y);
    bays(ins);
    const lg = new THREE.BufferGeometry();
    lg.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
    const lines = new THREE.LineSegments(lg, new THREE.LineBasicMaterial({ color: 0xe8e8e8, transparent: true, opacity: 0.5 }));
    lines.matrixAutoUpdate = false;
    group.add(lines);
    this.scene.add(group);
    this.label('entrance', g.approachX0 + 20, 4, -10);
    this.label('yard', y.x0 + y.w / 2, 4, y.z0 - 8);
    this.label('inspection yard', ins.x0 + ins.w / 2, 4, ins.z0 + ins.d + 8);
    // below the pad, left of the lanes: clear of the smart-lane and booth labels at the gate
    this.label('gate queue', qx0 + (g.gateX - qx0) * 0.3, 4, zBot + 8);
    if (g.smart) this.label(`smart lanes ×${g.smart}`, g.gateX + 2, 10, g.laneZ(0) - 4);
    // booths alone (no smart lane) are labelled above the lanes, clear of the gate queue's label below
    if (g.manual) this.label(`manual booths ×${g.manual}`, g.gateX + 2, 10, g.smart ? g.laneZ(g.lanes - 1) + 6 : g.laneZ(0) - 4);
    this.label('exit', g.exitX1 - 20, 4, -10);
  }

  /** The presets this site has: no scanner view where the policy has no scanner. */
  presets(): CameraPreset[] {
    return this.geo.scanners ? ['overview', 'gate', 'scanner'] : ['overview', 'gate'];
  }

  preset(p: CameraPreset): void {
    if (!this.presets().includes(p)) p = 'overview';
    this.lastPreset = p;
    this.userMoved = false;
    const g = this.geo;
    const b = g.bounds;
    const t = new THREE.Vector3();
    const c = new THREE.Vector3();
    if (p === 'gate') {
      t.set(g.gateX - 12, 0, 0);
      const d = Math.max(90, g.lanes * LANE_W * 2.2);
      c.set(g.gateX - 12 - d * 0.45, d * 0.65, d * 0.95);
    } else if (p === 'scanner') {
      const mid = (g.scannerX(0) + g.scannerX(g.scanners - 1)) / 2;
      t.set(mid, 0, (g.tunnelZ0 + g.scanQueueHeadZ) / 2);
      const d = Math.max(110, g.scanners * g.scannerGap * 2);
      c.set(mid + d * 0.75, d * 0.65, g.tunnelZ1 + d * 0.6);
    } else {
      // fit the whole site: distance from the horizontal and vertical fields of view, seen from 58° up, with room for the near edge
      const cx = (b.minX + b.maxX) / 2;
      const cz = (b.minZ + b.maxZ) / 2;
      const vfov = (this.camera.fov * Math.PI) / 180;
      const hfov = 2 * Math.atan(Math.tan(vfov / 2) * this.camera.aspect);
      const elev = (58 * Math.PI) / 180;
      const d = Math.max((b.maxX - b.minX) / 2 / Math.tan(hfov / 2), (b.maxZ - b.minZ) * Math.sin(elev) / 2 / Math.tan(vfov / 2)) * 1.3;
      t.set(cx, 0, cz);
      c.set(cx, d * Math.sin(elev), cz + d * Math.cos(elev));
    }
    this.controls.target.copy(t);
    this.camera.position.copy(c);
    this.camera.lookAt(t);
    this.controls.update();
  }

  /** Ease each boom toward up (open[j] = 1) or down, dt in wall seconds. */
  setBooms(open: Float32Array, dt: number): void {
    const k = dt > 0 ? 1 - Math.exp(-dt / 0.15) : 1;
    for (let j = 0; j < this.booms.length; j++) {
      const target = (open[j] ?? 0) * 1.35;
      const a = (this.boomAngle[j] ?? 0) + (target - (this.boomAngle[j] ?? 0)) * k;
      if (a !== this.boomAngle[j]) {
        this.boomAngle[j] = a;
        this.booms[j].rotation.x = -a;
      }
    }
  }

  resize(): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(w, h, false);
    this.labels.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    if (!this.userMoved) this.preset(this.lastPreset);
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
    this.labels.render(this.scene, this.camera);
  }
}
