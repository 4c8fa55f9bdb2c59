"""Runs a play through the real ansible-playbook on localhost, with the project's roles."""
import json
import os
import subprocess

ROLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'playbook-templates', 'roles')


class Run(object):
    def __init__(self, rc, output, recap):
        self.rc = rc
        self.output = output
        self.recap = recap


def run(folder, plays, *extra):
    """Writes the plays to FOLDER/play.yml and runs them; the recap is localhost's line."""
    playbook = os.path.join(folder, 'play.yml')
    with open(playbook, 'w') as f:
        json.dump(plays, f)
    env = dict(os.environ, ANSIBLE_ROLES_PATH=ROLES, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
               ANSIBLE_LOCAL_TEMP=os.path.join(folder, 'tmp'), ANSIBLE_LOCALHOST_WARNING='0',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_ERROR_ON_UNDEFINED_VARS='1')
    env.pop('ANSIBLE_CONFIG', None)
    p = subprocess.run(['ansible-playbook', '-i', 'localhost,', playbook] + list(extra), env=env,
                       capture_output=True, text=True, cwd=folder, timeout=300)
    recap = [line for line in p.stdout.splitlines() if line.startswith('localhost') and 'ok=' in line]
    return Run(p.returncode, p.stdout + p.stderr, recap[-1] if recap else '')
