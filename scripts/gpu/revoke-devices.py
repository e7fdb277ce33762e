#!/usr/bin/env python3
"""Take a character-device major away from a running process's cgroup, from outside it.

This is what `systemctl daemon-reload` does to a GPU container on a systemd host with the
NVIDIA hook path: systemd rewrites the container cgroup's device rules without the GPU, the
process keeps running, and every NVML call in it starts failing with
`Failed to initialize NVML: Unknown Error`. Machines without systemd (the device tool's VMs)
cannot trigger it that way, so this script applies the same effect directly:

  cgroup v2: load a BPF_PROG_TYPE_CGROUP_DEVICE program that denies MAJOR and attach it to
             the process's cgroup with BPF_F_ALLOW_MULTI beside runc's own program; the
             kernel ANDs the verdicts, so the device is denied while everything else stays.
  cgroup v1: deny each allowed `c MAJOR:minor` entry (and the wildcard) in devices.deny.

Only the standard library (ctypes for the bpf(2) syscall): GPU hosts have python3, not bpftool.
  usage: revoke-devices.py PID MAJOR       (as root; 195 is the NVIDIA character major)
  usage: revoke-devices.py --cgroup DIR MAJOR   (a cgroup v2 directory, for rehearsals)
"""
import ctypes
import os
import struct
import sys

SYS_BPF = {'x86_64': 321, 'aarch64': 280}[os.uname().machine]
BPF_PROG_LOAD, BPF_PROG_ATTACH = 5, 8
BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI = 15, 6, 2


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, (src << 4) | dst, off, imm)


def deny_major_program(major):
    # ctx is struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; }
    return b''.join([
        insn(0x61, dst=2, src=1, off=4),       # r2 = ctx->major
        insn(0x15, dst=2, off=2, imm=major),   # if r2 == major goto deny
        insn(0xb7, dst=0, imm=1),              # r0 = 1 (allow)
        insn(0x95),                            # exit
        insn(0xb7, dst=0, imm=0),              # deny: r0 = 0
        insn(0x95),                            # exit
    ])


libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    r = libc.syscall(SYS_BPF, cmd, buf, 128)
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, f'bpf({cmd}): {os.strerror(e)}')
    return r


def revoke_v2(cgroup_dir, major):
    prog = deny_major_program(major)
    insns = ctypes.create_string_buffer(prog, len(prog))
    lic = ctypes.create_string_buffer(b'GPL')
    log = ctypes.create_string_buffer(4096)
    # union bpf_attr for BPF_PROG_LOAD: prog_type, insn_cnt, insns, license, log_level, log_size, log_buf
    attr = struct.pack('<IIQQIIQ', BPF_PROG_TYPE_CGROUP_DEVICE, len(prog) // 8, ctypes.addressof(insns),
                       ctypes.addressof(lic), 1, len(log), ctypes.addressof(log))
    try:
        prog_fd = bpf(BPF_PROG_LOAD, attr)
    except OSError as e:
        raise OSError(e.errno, f'{e.strerror}; verifier log: {log.value.decode(errors="replace")}') from None
    cg_fd = os.open(cgroup_dir, os.O_RDONLY | os.O_DIRECTORY)
    # BPF_PROG_ATTACH: target_fd, attach_bpf_fd, attach_type, attach_flags
    bpf(BPF_PROG_ATTACH, struct.pack('<IIII', cg_fd, prog_fd, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI))
    # The attachment holds its own reference: closing ours leaves the program in force for the
    # cgroup's lifetime (it goes with the container).
    os.close(cg_fd)
    os.close(prog_fd)
    return f'cgroup v2: BPF device program denying major {major} attached to {cgroup_dir}'


def cgroup_of(pid):
    v1 = None
    with open(f'/proc/{pid}/cgroup') as f:
        for line in f:
            hid, controllers, path = line.rstrip('\n').split(':', 2)
            if hid == '0' and controllers == '':
                v2 = path
            if 'devices' in controllers.split(','):
                v1 = path
    if v1 is not None:
        return 'v1', f'/sys/fs/cgroup/devices{v1}'
    return 'v2', f'/sys/fs/cgroup{v2}'


def main(argv):
    if len(argv) == 4 and argv[1] == '--cgroup':
        print(revoke_v2(argv[2], int(argv[3])))
        return 0
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    pid, major = int(argv[1]), int(argv[2])
    kind, path = cgroup_of(pid)
    if kind == 'v1':
        # v1 keeps an allow list of exact entries that a wildcard deny does not remove: deny
        # each listed entry of that major, then the wildcard.
        with open(os.path.join(path, 'devices.list')) as f:
            rules = [l.strip() for l in f if l.startswith(f'c {major}:')] + [f'c {major}:* rwm']
        for rule in rules:
            with open(os.path.join(path, 'devices.deny'), 'w') as f:
                f.write(rule)
        print(f'cgroup v1: {", ".join(rules)} written to {path}/devices.deny')
    else:
        print(revoke_v2(path, major))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
