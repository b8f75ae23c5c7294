import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pythonLensLine } from '../../../src/extension/python-scan';

test('the lens goes above `if __name__ == "__main__":` of a file that uses threads, else on the first such import', () => {
  assert.equal(pythonLensLine('import os\nimport threading\n\ndef f():\n    pass\n\nif __name__ == "__main__":\n    f()\n'), 6);
  assert.equal(pythonLensLine('import os, queue as q\nx = 1\n'), 0);
  assert.equal(pythonLensLine('import json\nfrom concurrent.futures import ThreadPoolExecutor\n'), 1);
  assert.equal(pythonLensLine("from multiprocessing.pool import Pool\nif __name__ == '__main__':\n    pass\n"), 1);
});

test('no lens on a file without threading, queue, multiprocessing or concurrent.futures', () => {
  assert.equal(pythonLensLine('import os\nif __name__ == "__main__":\n    print(os.getcwd())\n'), undefined);
  assert.equal(pythonLensLine('# import threading\nimport threadingx\nfrom queues import x\n'), undefined);
});
