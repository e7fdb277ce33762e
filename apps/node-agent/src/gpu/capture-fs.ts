/**
 * Turns a sysfs.txt capture (the fixture's format: `== <path>` headers, then the content)
 * into the files, folders and links discovery reads. Sections:
 *   /sys/bus/pci/devices/<bdf>  `key=value` lines: attribute files; `driver=x` is the driver link
 *   /proc/driver/nvidia/capabilities  `path: content` lines, one file each
 *   /dev   `ls -la /dev/nvidia*` output: the entries become folder listings
 *   anything else: one file with the section's text
 * A hand-made capture may add `== links` with `path -> target` lines.
 */
export interface CaptureFs {
  files: Map<string, string>;
  dirs: Map<string, Set<string>>;
  links: Map<string, string>;
}

export function parseSysfsCapture(text: string): CaptureFs {
  const fs: CaptureFs = { files: new Map(), dirs: new Map(), links: new Map() };
  for (const [path, lines] of sections(text)) {
    if (path.startsWith('/sys/bus/pci/devices/')) pciDevice(fs, path, lines);
    else if (path === '/proc/driver/nvidia/capabilities') capabilities(fs, lines);
    else if (path === '/dev') devListing(fs, lines);
    else if (path === 'links') linkLines(fs, lines);
    else addFile(fs, path, lines.join('\n').replace(/\n+$/, '') + '\n');
  }
  return fs;
}

function sections(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const line of text.split('\n')) {
    const head = /^== (.+)$/.exec(line);
    if (head) out.push([head[1]!.trim(), []]);
    else out.at(-1)?.[1].push(line);
  }
  return out;
}

function addDirEntry(fs: CaptureFs, path: string): void {
  const slash = path.lastIndexOf('/');
  const dir = slash <= 0 ? '/' : path.slice(0, slash);
  const set = fs.dirs.get(dir) ?? new Set<string>();
  set.add(path.slice(slash + 1));
  fs.dirs.set(dir, set);
  if (dir !== '/') addDirEntry(fs, dir);
}

function addFile(fs: CaptureFs, path: string, content: string): void {
  fs.files.set(path, content);
  addDirEntry(fs, path);
}

function pciDevice(fs: CaptureFs, dir: string, lines: string[]): void {
  addDirEntry(fs, dir);
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    // The capture printed only the link's last component; the kernel's link is relative.
    if (key === 'driver') fs.links.set(`${dir}/driver`, `../../../bus/pci/drivers/${value}`);
    else if (key === 'iommu_group') fs.links.set(`${dir}/iommu_group`, `../../../kernel/iommu_groups/${value}`);
    else addFile(fs, `${dir}/${key}`, `${value}\n`);
  }
}

function capabilities(fs: CaptureFs, lines: string[]): void {
  for (const line of lines) {
    const m = /^(\/\S+): (.*)$/.exec(line);
    if (m) addFile(fs, m[1]!, `${m[2]!.trim()}\n`);
  }
}

function devListing(fs: CaptureFs, lines: string[]): void {
  let folder = '/dev';
  for (const line of lines) {
    const header = /^(\/dev\/\S+):$/.exec(line);
    if (header) folder = header[1]!;
    // crw-rw-rw- 1 root root 195,   0 Nov 26 15:25 /dev/nvidia0  (or a bare name inside a folder listing)
    const m = /^c\S+\s+\d+\s+\S+\s+\S+\s+\d+,\s*\d+\s+\S+\s+\d+\s+\S+\s+(\S+)$/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    addDirEntry(fs, name.startsWith('/') ? name : `${folder}/${name}`);
  }
}

function linkLines(fs: CaptureFs, lines: string[]): void {
  for (const line of lines) {
    const m = /^(\S+)\s+->\s+(\S+)$/.exec(line.trim());
    if (m) {
      fs.links.set(m[1]!, m[2]!);
      addDirEntry(fs, m[1]!);
    }
  }
}
