<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>ActivationLab</name>
        <message>
            <source>function</source>
            <translation>函数</translation>
        </message>
        <message>
            <source>leaky slope</source>
            <translation>Leaky 斜率</translation>
        </message>
        <message>
            <source>The activation function plotted with its derivative</source>
            <translation>绘制的激活函数及其导数</translation>
        </message>
        <message>
            <source>Leaky ReLU's slope for z &lt; 0 (the notes use 0.1)</source>
            <translation>Leaky ReLU 在 z &lt; 0 时的斜率（讲义中取 0.1）</translation>
        </message>
        <message>
            <source>The point whose f(z) and f′(z) are read out below</source>
            <translation>在下方读出 f(z) 和 f′(z) 的点</translation>
        </message>
        <message>
            <source>Shaded: amber = saturated (f′ &lt; 1% of its max: vanishing gradient); red = dead ReLU (f′ = 0, no gradient flows). Drag the black line.</source>
            <translation>阴影：琥珀色 = 饱和区（f′ 小于其最大值的 1%：梯度消失）；红色 = ReLU 死区（f′ = 0，没有梯度流过）。可拖动黑线。</translation>
        </message>
        <message>
            <source>All activations at z</source>
            <translation>各激活函数在 z 处的值</translation>
        </message>
        <message>
            <source>Softmax Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j)</source>
            <translation>Softmax 雅可比矩阵 ∂p_i/∂z_j = p_i(δ_ij − p_j)</translation>
        </message>
        <message>
            <source>softmax of z =</source>
            <translation>softmax 的输入 z =</translation>
        </message>
    </context>
    <context>
        <name>BatchNormPage</name>
        <message>
            <source>x raw, ẑ standardized, y scaled and shifted: </source>
            <translation>x 原始值，ẑ 标准化后，y 缩放平移后：</translation>
        </message>
        <message>
            <source>value</source>
            <translation>值</translation>
        </message>
        <message>
            <source>Batch norm (training mode) against torch BatchNorm1d</source>
            <translation>批归一化（训练模式）与 torch BatchNorm1d 对照</translation>
        </message>
        <message>
            <source>step %1/%2: </source>
            <translation>第 %1/%2 步：</translation>
        </message>
    </context>
    <context>
        <name>ChainPanel</name>
        <message>
            <source>forward</source>
            <translation>前向传播</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>backward</source>
            <translation>反向传播</translation>
        </message>
        <message>
            <source>update</source>
            <translation>参数更新</translation>
        </message>
        <message>
            <source>digits: </source>
            <extracomment>(layout, elision limit) from the roomiest to the most compact formulas with more numbers than this start elided (formatting 32,768 of them is slow) the smallest formula text, as a share of the window's, when nothing else fits</extracomment>
            <translation>位数：</translation>
        </message>
        <message>
            <source>Decimals shown in the formulas</source>
            <translation>公式中显示的小数位数</translation>
        </message>
        <message>
            <source>Initial state</source>
            <translation>初始状态</translation>
        </message>
        <message>
            <source>Press &lt;b&gt;→&lt;/b&gt;, &lt;b&gt;Page Down&lt;/b&gt; or &lt;b&gt;Space&lt;/b&gt; to compute the forward pass, one step at a time.</source>
            <translation>按 &lt;b&gt;→&lt;/b&gt;、&lt;b&gt;Page Down&lt;/b&gt; 或 &lt;b&gt;空格&lt;/b&gt;，一步一步计算前向传播。</translation>
        </message>
        <message>
            <source>%1 · iteration %2 · step %3/%4</source>
            <translation>%1 · 第 %2 次迭代 · 第 %3/%4 步</translation>
        </message>
        <message>
            <source>In the PyTorch script:</source>
            <extracomment>per kind of step (None: any) the index of the layout it took last while _fit tries layouts, what they share: typeset rows by (formula, limit, numbers), the script line (a phase click of phone-price formatted its numbers per layout tried) the document a fit lays out: the browser's, or a copy while the next click's fit is found ahead (_fit_ahead) the next click's fit found ahead: (what it is for, its layout, scale, the layouts' memory after it, its html), or None</extracomment>
            <translation>在 PyTorch 脚本中：</translation>
        </message>
    </context>
    <context>
        <name>CsvData</name>
        <message>
            <source>Browse…</source>
            <extracomment>what the file says and this form does not edit, kept so the network round-trips</extracomment>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>CSV file</source>
            <translation>CSV 文件</translation>
        </message>
        <message>
            <source>Target columns</source>
            <translation>目标列</translation>
        </message>
        <message>
            <source>Columns: </source>
            <translation>列：</translation>
        </message>
        <message>
            <source>Import CSV data</source>
            <translation>导入 CSV 数据</translation>
        </message>
    </context>
    <context>
        <name>DataPanel</name>
        <message>
            <source>Source</source>
            <extracomment>a data set was chosen (a generator's name; also when the source becomes "generator")</extracomment>
            <translation>数据来源</translation>
        </message>
        <message>
            <source>&lt;b&gt;Input features&lt;/b&gt; (none checked: the raw inputs)</source>
            <translation>&lt;b&gt;输入特征&lt;/b&gt;（都不勾选：使用原始输入）</translation>
        </message>
    </context>
    <context>
        <name>DecisionMapWidget</name>
        <message>
            <source>Show test data</source>
            <extracomment>steps of a discretized regression map held-out rows: hollow rings in their class colour (or target colour)</extracomment>
            <translation>显示测试数据</translation>
        </message>
        <message>
            <source>Draw the held-out test points (hollow rings)</source>
            <translation>绘制留出的测试点（空心圆）</translation>
        </message>
        <message>
            <source>Discretize output</source>
            <translation>离散化输出</translation>
        </message>
        <message>
            <source>Colour the class the network calls (threshold 0.5 or the largest output) instead of its confidence; regression in %1 steps</source>
            <translation>按网络判定的类别着色（阈值 0.5 或取最大输出），而不是按置信度；回归输出分为 %1 级</translation>
        </message>
        <message>
            <source>The decision map needs a network with 2 inputs; this one has %1.</source>
            <translation>决策边界图需要 2 个输入的网络；当前网络有 %1 个输入。</translation>
        </message>
        <message>
            <source>class called (p ≥ 0.5)</source>
            <translation>判定类别（p ≥ 0.5）</translation>
        </message>
        <message>
            <source>class called</source>
            <translation>判定类别</translation>
        </message>
        <message>
            <source>class (pale = unsure)</source>
            <translation>类别（颜色越浅越不确定）</translation>
        </message>
        <message>
            <source>output %1</source>
            <translation>输出 %1</translation>
        </message>
        <message>
            <source>class %1</source>
            <translation>类别 %1</translation>
        </message>
        <message>
            <source>test</source>
            <translation>测试</translation>
        </message>
        <message>
            <source>activation of %1</source>
            <translation>%1 的激活值</translation>
        </message>
    </context>
    <context>
        <name>DockViews</name>
        <message>
            <source>Cannot export table</source>
            <translation>无法导出表格</translation>
        </message>
        <message>
            <source>Cannot export image</source>
            <translation>无法导出图像</translation>
        </message>
    </context>
    <context>
        <name>DropoutPage</name>
        <message>
            <source>Dropout probability p: each hidden unit is zeroed with probability p</source>
            <translation>Dropout 概率 p：每个隐藏单元以概率 p 置零</translation>
        </message>
        <message>
            <source>training: survivors × 1/(1 − p), the rest 0;  evaluation: every activation passes unchanged</source>
            <translation>训练时：保留的单元 × 1/(1 − p)，其余为 0；评估时：所有激活值原样通过</translation>
        </message>
        <message>
            <source>one layer's activations a</source>
            <translation>一层的激活值 a</translation>
        </message>
        <message>
            <source>neuron</source>
            <translation>神经元</translation>
        </message>
        <message>
            <source>kept</source>
            <translation>保留</translation>
        </message>
        <message>
            <source>dropped</source>
            <translation>丢弃</translation>
        </message>
        <message>
            <source>bars: grey = a (evaluation), blue = training output, ● = mean of the training outputs over the draws so far</source>
            <translation>柱：灰色 = a（评估），蓝色 = 训练输出，● = 到目前为止各次抽样训练输出的均值</translation>
        </message>
        <message>
            <source>Masks on the network</source>
            <translation>网络上的掩码</translation>
        </message>
        <message>
            <source>Dropout mask of one layer</source>
            <translation>某一层的 Dropout 掩码</translation>
        </message>
        <message>
            <source>draw %1 (seed %2): kept %3 of %4, scale 1/(1 − p) = %5</source>
            <translation>第 %1 次抽样（种子 %2）：保留 %4 个中的 %3 个，缩放 1/(1 − p) = %5</translation>
        </message>
        <message>
            <source>draw %1</source>
            <translation>第 %1 次抽样</translation>
        </message>
        <message>
            <source>sample 1 → output with this mask: %1;  evaluation (no dropout): %2</source>
            <translation>样本 1 → 使用此 mask 的输出：%1；评估（无 dropout）：%2</translation>
        </message>
    </context>
    <context>
        <name>EditController</name>
        <message>
            <source>Edit refused</source>
            <extracomment>the one-line reason an edit was refused (also shown in a message box) a preset replaced the network: it no longer comes from the file that was open</extracomment>
            <translation>无法修改</translation>
        </message>
    </context>
    <context>
        <name>FileController</name>
        <message>
            <source>Open network</source>
            <translation>打开网络</translation>
        </message>
        <message>
            <source>Cannot open network</source>
            <translation>无法打开网络</translation>
        </message>
        <message>
            <source>Save network as</source>
            <translation>网络另存为</translation>
        </message>
        <message>
            <source>Cannot save network</source>
            <translation>无法保存网络</translation>
        </message>
        <message>
            <source>the network</source>
            <translation>该网络</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <source>Save the changes to %1?</source>
            <translation>保存对 %1 的修改吗？</translation>
        </message>
        <message>
            <source>Export graph</source>
            <translation>导出网络图</translation>
        </message>
        <message>
            <source>Cannot export graph</source>
            <translation>无法导出网络图</translation>
        </message>
        <message>
            <source>use a .png or .svg file name</source>
            <translation>请使用 .png 或 .svg 文件名</translation>
        </message>
    </context>
    <context>
        <name>GeneratorData</name>
        <message>
            <source>Standard deviation of the noise, as a fraction of the data's spread (0 = clean)</source>
            <extracomment>the teacher picked another data set (its name)</extracomment>
            <translation>噪声的标准差，占数据分布范围的比例（0 = 无噪声）</translation>
        </message>
        <message>
            <source>Share of the points held out as test data: never trained on, drawn hollow, their loss plotted beside the training loss</source>
            <translation>留作测试数据的点所占比例：不参与训练，画成空心点，其损失与训练损失并列绘制</translation>
        </message>
        <message>
            <source>Data set</source>
            <translation>数据集</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>点数</translation>
        </message>
        <message>
            <source>Noise</source>
            <translation>噪声</translation>
        </message>
        <message>
            <source>Test data</source>
            <translation>测试数据</translation>
        </message>
        <message>
            <source>Seed (data, split)</source>
            <translation>随机种子（数据、划分）</translation>
        </message>
        <message>
            <source>Classes</source>
            <translation>类别数</translation>
        </message>
        <message>
            <source>regression: the output is a value</source>
            <translation>回归：输出是一个数值</translation>
        </message>
        <message>
            <source>classification: the output is a class</source>
            <translation>分类：输出是一个类别</translation>
        </message>
    </context>
    <context>
        <name>GradientCheckLab</name>
        <message>
            <source>network</source>
            <translation>网络</translation>
        </message>
        <message>
            <source>The network whose backprop gradient is checked</source>
            <translation>要检验其反向传播梯度的网络</translation>
        </message>
        <message>
            <source>Step h of the central difference (type any number)</source>
            <translation>中心差分的步长 h（可输入任意数）</translation>
        </message>
        <message>
            <source>numeric ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h;   relative error = |backprop − numeric| / max(|backprop|, |numeric|)</source>
            <translation>数值梯度 ∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h；相对误差 = |反向传播值 − 数值梯度| / max(|反向传播值|, |数值梯度|)</translation>
        </message>
        <message>
            <source>max relative error against h</source>
            <translation>最大相对误差随 h 的变化</translation>
        </message>
        <message>
            <source>max relative error</source>
            <translation>最大相对误差</translation>
        </message>
        <message>
            <source>h too small:
round-off
∝ ε/h</source>
            <translation>h 太小：
舍入误差
∝ ε/h</translation>
        </message>
        <message>
            <source>h too large:
truncation
∝ h²</source>
            <translation>h 太大：
截断误差
∝ h²</translation>
        </message>
        <message>
            <source>relative error per parameter</source>
            <translation>每个参数的相对误差</translation>
        </message>
        <message>
            <source>parameter</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>relative error</source>
            <translation>相对误差</translation>
        </message>
        <message>
            <source>Backprop against numeric</source>
            <translation>反向传播与数值梯度对比</translation>
        </message>
        <message>
            <source>current network</source>
            <extracomment>checked when attached to the window's network or first shown, not before: the built-in network's check on a first open was GUI time thrown away by attach</extracomment>
            <translation>当前网络</translation>
        </message>
        <message>
            <source>max relative error = </source>
            <translation>最大相对误差 = </translation>
        </message>
    </context>
    <context>
        <name>InlineData</name>
        <message>
            <source>targets are class indices (cross-entropy)</source>
            <translation>目标是类别序号（交叉熵）</translation>
        </message>
        <message>
            <source>Add sample</source>
            <translation>添加样本</translation>
        </message>
        <message>
            <source>Remove sample</source>
            <translation>删除样本</translation>
        </message>
    </context>
    <context>
        <name>Lab</name>
        <message>
            <source>Save the plots as a PNG image</source>
            <translation>把曲线图保存为 PNG 图片</translation>
        </message>
        <message>
            <source>Export plot</source>
            <translation>导出曲线图</translation>
        </message>
    </context>
    <context>
        <name>LabPlaceholder</name>
        <message>
            <source>Preparing the lab…</source>
            <translation>正在准备实验…</translation>
        </message>
    </context>
    <context>
        <name>LayersPanel</name>
        <message>
            <source>frozen</source>
            <extracomment>values offered for a newly chosen scheduler (its required keys have no torch default) generated data sets whose number of classes can be chosen what a generated data set has when the file does not say</extracomment>
            <translation>冻结</translation>
        </message>
        <message>
            <source>Keep this layer's weights and biases fixed while training</source>
            <translation>训练时保持本层的权重和偏置不变</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>Neurons</source>
            <translation>神经元</translation>
        </message>
        <message>
            <source>Activation</source>
            <translation>激活函数</translation>
        </message>
        <message>
            <source>Dropout</source>
            <translation>Dropout</translation>
        </message>
        <message>
            <source>0 · inputs</source>
            <translation>0 · 输入</translation>
        </message>
        <message>
            <source>Add hidden layer</source>
            <translation>添加隐藏层</translation>
        </message>
        <message>
            <source>Remove hidden layer</source>
            <translation>删除隐藏层</translation>
        </message>
        <message>
            <source>LeakyReLU slope</source>
            <translation>LeakyReLU 斜率</translation>
        </message>
        <message>
            <source>hidden</source>
            <translation>隐藏层</translation>
        </message>
        <message>
            <source>output</source>
            <translation>输出层</translation>
        </message>
    </context>
    <context>
        <name>LessonPanel</name>
        <message>
            <source>Leave lesson</source>
            <extracomment>a lesson started (True) or was left (False)</extracomment>
            <translation>退出课程</translation>
        </message>
        <message>
            <source>Back to stepping freely (Esc)</source>
            <translation>回到自由单步（Esc）</translation>
        </message>
        <message>
            <source>slide %1 of %2</source>
            <translation>第 %1 / %2 页</translation>
        </message>
    </context>
    <context>
        <name>LossLab</name>
        <message>
            <source>example</source>
            <translation>示例</translation>
        </message>
        <message>
            <source>loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>A worked example from the notes</source>
            <translation>讲义中的一个算例</translation>
        </message>
        <message>
            <source>The loss function computed term by term</source>
            <translation>逐项计算的损失函数</translation>
        </message>
        <message>
            <source>Terms and derivatives</source>
            <translation>各项及其导数</translation>
        </message>
        <message>
            <source>logits z</source>
            <translation>logits z（未归一化得分）</translation>
        </message>
        <message>
            <source>(values below from torch autograd)</source>
            <translation>（下列数值来自 torch autograd）</translation>
        </message>
        <message>
            <source>(torch, float64)</source>
            <translation>（torch，float64）</translation>
        </message>
        <message>
            <source>terms ℓᵢ</source>
            <translation>各项 ℓᵢ</translation>
        </message>
        <message>
            <source>element i</source>
            <translation>元素 i</translation>
        </message>
        <message>
            <source>row,class</source>
            <translation>行,类别</translation>
        </message>
        <message>
            <source>torch's target probability</source>
            <translation>torch 取的目标概率</translation>
        </message>
        <message>
            <source>the notes' pick</source>
            <translation>讲义取的概率</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Network</source>
            <translation>网络</translation>
        </message>
        <message>
            <source>Tables</source>
            <translation>表格</translation>
        </message>
        <message>
            <source>Plots</source>
            <translation>曲线图</translation>
        </message>
        <message>
            <source>Decision map</source>
            <translation>决策边界</translation>
        </message>
        <message>
            <source>Lesson</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>The decision map needs two inputs and more than one sample</source>
            <translation>决策图需要两个输入和不止一个样本</translation>
        </message>
        <message>
            <source>softmax is in the loss</source>
            <translation>softmax 已含在损失中</translation>
        </message>
        <message>
            <source>&amp;Pause</source>
            <translation>暂停(&amp;P)</translation>
        </message>
        <message>
            <source>No recent networks</source>
            <translation>没有最近打开的网络</translation>
        </message>
        <message>
            <source>Export plots</source>
            <translation>导出曲线图</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>No handout yet: compute iteration 1 first</source>
            <translation>还没有讲义：请先计算第 1 次迭代</translation>
        </message>
        <message>
            <source>Export handout</source>
            <translation>导出讲义</translation>
        </message>
        <message>
            <source>HTML handout (*.html);;PDF handout (*.pdf)</source>
            <translation>HTML 讲义 (*.html);;PDF 讲义 (*.pdf)</translation>
        </message>
        <message>
            <source>Cannot export handout</source>
            <translation>无法导出讲义</translation>
        </message>
        <message>
            <source>Open lesson</source>
            <translation>打开课程</translation>
        </message>
        <message>
            <source>bpviewer lessons (*.json)</source>
            <translation>bpviewer 课程文件 (*.json)</translation>
        </message>
        <message>
            <source>Cannot open lesson</source>
            <translation>无法打开课程</translation>
        </message>
        <message>
            <source>The lesson names no lab called %1</source>
            <translation>课程中指定的实验“%1”不存在</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>许可证</translation>
        </message>
        <message>
            <source>About bpviewer</source>
            <translation>关于 bpviewer</translation>
        </message>
        <message>
            <source>Step through backpropagation one click at a time, with every number equal to PyTorch's.</source>
            <translation>一次点击一步，逐步演示反向传播；每个数字都与 PyTorch 的计算结果一致。</translation>
        </message>
    </context>
    <context>
        <name>NetworkEditor</name>
        <message>
            <source>Network builder</source>
            <translation>网络构建器</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>网络层</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>Weights</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
    </context>
    <context>
        <name>NetworkView</name>
        <message>
            <source>%1 samples</source>
            <extracomment>while Run trains, whole-graph refreshes (and their repaints) take at most this share of the time (with the training due for it, twice that): phone-price's, ~0.1 s with its 32,768 edges drawn again, at 15 % held its frames under 30 a second, at 10 % ~3 a second took ~22 % of Run (its edges and biases now follow about once a second) a layer's retry (a dense band left next to unlabelled by the biases placed first) places this many marked biases a layer before the weights' labels, the rest after them: all after them left overfitting's and phone-price-mini's backward phase without any ∂E/∂b₁ a hidden view lays out when shown: before that its font is not yet the window's resizes in a row (a dock splitter or the window dragged) scale what is laid out and lay out once, SETTLE_MS after the last: a layout took xor 25-265 ms a move after a paint, while the teacher reads: the next click's edge pictures (_draw_ahead) the next click's cards made ahead (_prepare_cards): its reading's key, the entries made so far by neuron key, and the neurons to make them for the next click's compact cards indexed ahead (_prepare_taken): its reading's key, the index the next click's marked compact biases placed ahead (_place_biases): its reading's key, the index of cards and the boxes they were placed on, and per bias tried or not (neuron, its box or None, shown) compact neurons whose card's write a click left for when it is asked for or seen (_apply_entry, _settle_rows), by key the next click's dense labels' lines and sizes made ahead (_prepare_dense): its reading's key and, per dense layer, what _dense_lines gives the next click's dense labels placed ahead (_place_dense_ahead): its reading's key, the index's base and boxes they were placed on, and per dense layer what was placed the next click's box pictures drawn ahead (_prepare_pictures): the reading's key and scale they are for, the (box, lines, border) to draw, how many are drawn the total E right of the last output's loss term, not under it (a wide network's loss terms below the outputs then fit the height: spiral's input gap got its width) per band: its weights, the largest |w|, and each edge's width and pen's code as drawn the pens drawn ahead (_prepare_pens): (the weights, colours and bundles they are for, per band the pens or None) what every card shows besides the step's keys (record, sample, digits, colours, layout) has an epoch: a card whose keys and epoch are as last drawn is left as it is. The cursor's epoch and what it is for, and the one given to the next click read ahead (_epoch_of): (epoch, identical, equal) each, or None the last whole refresh, while Run trained, left the cards out of view as they were and the view where it was (scrolling to the step drew phone-price's 32,768 edges and every label come into view afresh: ~0.1 s, a first Run's longest gap) the small layers' repair searches by what they were given (graph_layout.place_small): a layout asks the same one again at each try, a dock-splitter drag at each size it revisits</extracomment>
            <translation>%1 个样本</translation>
        </message>
        <message>
            <source>target %1</source>
            <translation>目标 %1</translation>
        </message>
    </context>
    <context>
        <name>NeuronMapsStrip</name>
        <message>
            <source>inputs</source>
            <extracomment>(layer, neuron) clicked, 1-based neuron</extracomment>
            <translation>输入</translation>
        </message>
        <message>
            <source>hidden layer %1</source>
            <translation>隐藏层 %1</translation>
        </message>
    </context>
    <context>
        <name>NeuronThumb</name>
        <message>
            <source>%1 over the input plane; click to show it large, click again for the output</source>
            <extracomment>thumbnails use every STRIDE-th lattice point each way: 50 × 50 is plenty for 64 px how much of a colour a pale map keeps over the background natural ranges of the bounded activations; the others scale to the layer's largest |a|</extracomment>
            <translation>%1 在输入平面上的取值；点击放大显示，再次点击显示输出</translation>
        </message>
    </context>
    <context>
        <name>OptimizerRaceLab</name>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Step every optimizer continuously</source>
            <translation>让每个优化器连续迭代</translation>
        </message>
        <message>
            <source>The function every optimizer descends</source>
            <translation>各优化器下降的目标函数</translation>
        </message>
        <message>
            <source>Learning rate for every optimizer (type any number)</source>
            <translation>所有优化器的学习率（可输入任意数）</translation>
        </message>
        <message>
            <source>The optimizer whose steps the table shows</source>
            <translation>表格中显示其步骤的优化器</translation>
        </message>
        <message>
            <source>surface</source>
            <translation>曲面</translation>
        </message>
        <message>
            <source>◀ Step</source>
            <translation>◀ 后退一步</translation>
        </message>
        <message>
            <source>Every optimizer one step back</source>
            <translation>每个优化器后退一步</translation>
        </message>
        <message>
            <source>Step ▶</source>
            <translation>前进一步 ▶</translation>
        </message>
        <message>
            <source>Every optimizer one step on</source>
            <translation>每个优化器前进一步</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Every optimizer back to the start</source>
            <translation>每个优化器回到起点</translation>
        </message>
        <message>
            <source>Steps of</source>
            <extracomment>where every racer starts, ringed: at step 0 the racers' dots sit on one another</extracomment>
            <translation>步骤：</translation>
        </message>
        <message>
            <source>Arrows for the optimizer in the table: red = direction of −∇f, black = the step it took (its velocity).</source>
            <translation>表格中优化器的箭头：红色 = −∇f 的方向，黑色 = 实际走的一步（其速度）。</translation>
        </message>
        <message>
            <source>step %1 · lr %2 · f(w) before the step: </source>
            <translation>第 %1 步 · lr %2 · 这一步之前的 f(w)：</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
    </context>
    <context>
        <name>ParamDialog</name>
        <message>
            <source>Edit %1</source>
            <translation>修改 %1</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; at the start is %2.</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; 的初始值为 %2。</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; after iteration %3 is %2.</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; 在第 %3 次迭代后为 %2。</translation>
        </message>
        <message>
            <source>Later iterations are dropped and recomputed from the new value.</source>
            <translation>之后的迭代将被丢弃，并从新值重新计算。</translation>
        </message>
        <message>
            <source>New value:</source>
            <translation>新值：</translation>
        </message>
    </context>
    <context>
        <name>PenaltyPage</name>
        <message>
            <source>Drag through the training epochs</source>
            <translation>拖动以查看各训练轮次</translation>
        </message>
        <message>
            <source>same seeded start;  epoch</source>
            <translation>相同的随机起点；轮次</translation>
        </message>
        <message>
            <source>weight</source>
            <translation>权重</translation>
        </message>
        <message>
            <source>count</source>
            <translation>个数</translation>
        </message>
        <message>
            <source>Weights at this epoch</source>
            <translation>这一轮的权重</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundDialog</name>
        <message>
            <source>Import Playground link</source>
            <translation>导入 Playground 链接</translation>
        </message>
        <message>
            <source>Paste the address of a TensorFlow Playground page (or just the part after #). Its data set, noise, test ratio, features, layers, activation, learning rate, L1/L2 and batch size carry over; the output becomes sigmoid + cross-entropy (or identity + MSE for regression).</source>
            <translation>粘贴 TensorFlow Playground 页面的地址（或 # 之后的部分）。其数据集、噪声、测试比例、特征、网络层、激活函数、学习率、L1/L2 和批大小都会沿用；输出层改为 sigmoid + 交叉熵（回归则为 identity + MSE）。</translation>
        </message>
        <message>
            <source>%1: layers %2, features %3</source>
            <translation>%1：网络层 %2，特征 %3</translation>
        </message>
    </context>
    <context>
        <name>PlotsWidget</name>
        <message>
            <source>Loss</source>
            <extracomment>Okabe–Ito: distinguishable by colour-blind students and on a projector ... or more, so that a refresh and the figure's repaint take at most this share of the time: a spiral refresh of the four plots ~3 ms, their repaint ~30-50 (the axes' texts drawn again as the ranges grow); at pacing's 20 % they took a fifth of Run while Run trains, the iterations' axis ends at the next of these times a power of ten past the history (the curves fill 80-100 % of the width): a range grown at every refresh drew every axis, its texts and grid again (~60 ms of a phone-price-mini refresh, ~10 now) below this figure width the plots stack in one column check box, scroll bar and margins around a parameter name in the list curves a plot's title names in their colours (a legend box covered short plots' curves)</extracomment>
            <translation>损失</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Gradient norms</source>
            <translation>梯度范数</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>Log-scale loss</source>
            <extracomment>loss on the held-out rows, beside the training loss when the data has a test split; the title names both in their colours (a legend would cover the rising end)</extracomment>
            <translation>损失取对数坐标</translation>
        </message>
        <message>
            <source>Plot the loss on a logarithmic axis</source>
            <translation>用对数坐标轴绘制损失</translation>
        </message>
        <message>
            <source>All plots</source>
            <translation>全部图表</translation>
        </message>
        <message>
            <source>One plot at full size, or all of them</source>
            <translation>单独放大一张图，或显示全部</translation>
        </message>
        <message>
            <source>PNG…</source>
            <translation>PNG…</translation>
        </message>
        <message>
            <source>Save these plots as a PNG image</source>
            <translation>把这些曲线图保存为 PNG 图片</translation>
        </message>
        <message>
            <source>Parameters whose history is plotted</source>
            <translation>绘制其历史曲线的参数</translation>
        </message>
        <message>
            <source>iteration</source>
            <translation>迭代</translation>
        </message>
        <message>
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>test</source>
            <translation>测试</translation>
        </message>
    </context>
    <context>
        <name>PracticeBox</name>
        <message>
            <source>your answer, then Enter</source>
            <translation>输入答案，按回车</translation>
        </message>
    </context>
    <context>
        <name>PracticeController</name>
        <message>
            <source>Nothing left to ask</source>
            <translation>没有更多问题</translation>
        </message>
        <message>
            <source>Iteration summary (right at the first try): </source>
            <translation>本次迭代小结（首次答对）：</translation>
        </message>
    </context>
    <context>
        <name>PresetPicker</name>
        <message>
            <source>Choose an example network</source>
            <translation>选择示例网络</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>载入</translation>
        </message>
    </context>
    <context>
        <name>RecordTableView</name>
        <message>
            <source>Copy</source>
            <extracomment>~15 px: z and a (6 digits) beside h₁,₁₀ and a scroll bar, and value and new_value, fit the 1024 px window's dock (at 12, a and new_value were cut) parameter-table columns whose double-click asks to edit the parameter rows a column fit reads around the view</extracomment>
            <translation>复制</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>导出 CSV…</translation>
        </message>
        <message>
            <source>Nothing is computed at iteration 0: press → to start iteration 1.</source>
            <translation>第 0 次迭代尚未计算：按 → 开始第 1 次迭代。</translation>
        </message>
    </context>
    <context>
        <name>RegularizationLab</name>
        <message>
            <source>L1 vs L2</source>
            <translation>L1 与 L2</translation>
        </message>
        <message>
            <source>Batch norm</source>
            <translation>批归一化</translation>
        </message>
    </context>
    <context>
        <name>ScheduleLab</name>
        <message>
            <source>log lr axis</source>
            <translation>学习率取对数坐标</translation>
        </message>
        <message>
            <source>Initial learning rate of SGD</source>
            <translation>SGD 的初始学习率</translation>
        </message>
        <message>
            <source>How many epochs to plot</source>
            <translation>绘制多少个轮次（epoch）</translation>
        </message>
        <message>
            <source>Plot the learning rate on a logarithmic axis</source>
            <translation>用对数坐标轴绘制学习率</translation>
        </message>
        <message>
            <source>StepLR: multiply lr by γ every step_size epochs</source>
            <translation>StepLR：每 step_size 个轮次把学习率乘以 γ</translation>
        </message>
        <message>
            <source>StepLR's factor γ</source>
            <translation>StepLR 的衰减因子 γ</translation>
        </message>
        <message>
            <source>MultiStepLR's factor γ at each milestone</source>
            <translation>MultiStepLR 在每个里程碑处的衰减因子 γ</translation>
        </message>
        <message>
            <source>ExponentialLR: lr × γ every epoch</source>
            <translation>ExponentialLR：每个轮次学习率 × γ</translation>
        </message>
        <message>
            <source>epochs</source>
            <translation>轮数</translation>
        </message>
        <message>
            <source>Notes' settings</source>
            <translation>讲义设置</translation>
        </message>
        <message>
            <source>The notes' lr, epochs and scheduler settings</source>
            <translation>讲义中的学习率、轮次和调度器设置</translation>
        </message>
        <message>
            <source>lr per epoch: </source>
            <translation>每轮的 lr：</translation>
        </message>
        <message>
            <source>epoch</source>
            <translation>轮次</translation>
        </message>
        <message>
            <source> per day, </source>
            <translation> 每天，</translation>
        </message>
        <message>
            <source>day</source>
            <translation>天</translation>
        </message>
        <message>
            <source>bias correction v / (1 − βᵗ)</source>
            <translation>偏差修正 v / (1 − βᵗ)</translation>
        </message>
        <message>
            <source>Seed of the noisy 30-day temperature series</source>
            <translation>带噪声的 30 天气温序列的随机种子</translation>
        </message>
        <message>
            <source>Divide by 1 − βᵗ so the first days are not pulled towards 0</source>
            <translation>除以 1 − βᵗ，使最初几天的值不会被拉向 0</translation>
        </message>
        <message>
            <source>temperature seed</source>
            <translation>气温随机种子</translation>
        </message>
        <message>
            <source>lr per epoch</source>
            <translation>每轮次的学习率</translation>
        </message>
        <message>
            <source>Weighted averages</source>
            <translation>加权平均</translation>
        </message>
        <message>
            <source>milestones must be whole epochs ≥ 1</source>
            <translation>里程碑必须是 ≥ 1 的整数轮次</translation>
        </message>
    </context>
    <context>
        <name>StepControls</name>
        <message>
            <source>1 / frame</source>
            <translation>每帧 1 次</translation>
        </message>
        <message>
            <source>10 / frame</source>
            <translation>每帧 10 次</translation>
        </message>
        <message>
            <source>100 / frame</source>
            <translation>每帧 100 次</translation>
        </message>
        <message>
            <source>1000 / frame</source>
            <translation>每帧 1000 次</translation>
        </message>
        <message>
            <source>full speed</source>
            <translation>全速</translation>
        </message>
        <message>
            <source>Drag to revisit any computed iteration</source>
            <translation>拖动以回看任意已计算的迭代</translation>
        </message>
        <message>
            <source>iteration </source>
            <translation>迭代 </translation>
        </message>
        <message>
            <source>Type an iteration and press Enter (later ones are trained)</source>
            <translation>输入迭代次数并按回车（尚未计算的迭代会先训练）</translation>
        </message>
        <message>
            <source>Run speed: iterations trained per screen frame</source>
            <translation>运行速度：每个屏幕帧训练的迭代次数</translation>
        </message>
        <message>
            <source>of %1</source>
            <translation>/ %1</translation>
        </message>
    </context>
    <context>
        <name>TablePanel</name>
        <message>
            <source>Export this table to CSV (full precision)</source>
            <translation>把此表格导出为 CSV（完整精度）</translation>
        </message>
        <message>
            <source>Export table</source>
            <translation>导出表格</translation>
        </message>
    </context>
    <context>
        <name>TablesWidget</name>
        <message>
            <source>The table shown</source>
            <extracomment>a value cell of the parameters table was double-clicked: edit that flat index</extracomment>
            <translation>显示的表格</translation>
        </message>
        <message>
            <source>Forward</source>
            <translation>前向传播</translation>
        </message>
        <message>
            <source>Gradients</source>
            <translation>梯度</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Double-click a value to edit the parameter</source>
            <translation>双击数值可修改该参数</translation>
        </message>
        <message>
            <source>Export the table shown to CSV at full precision</source>
            <translation>以完整精度把当前表格导出为 CSV</translation>
        </message>
    </context>
    <context>
        <name>TorchFiles</name>
        <message>
            <source>Export as PyTorch script</source>
            <translation>导出为 PyTorch 脚本</translation>
        </message>
        <message>
            <source>Python script (*.py)</source>
            <translation>Python 脚本 (*.py)</translation>
        </message>
        <message>
            <source>Cannot export PyTorch script</source>
            <translation>无法导出 PyTorch 脚本</translation>
        </message>
        <message>
            <source>Import PyTorch weights</source>
            <translation>导入 PyTorch 权重</translation>
        </message>
        <message>
            <source>PyTorch state_dict (*.pth *.pt);;All files (*)</source>
            <translation>PyTorch state_dict (*.pth *.pt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Cannot import PyTorch weights</source>
            <translation>无法导入 PyTorch 权重</translation>
        </message>
    </context>
    <context>
        <name>TrainProgress</name>
        <message>
            <source>Training</source>
            <translation>训练中</translation>
        </message>
        <message>
            <source>Trained %1 of %2 iterations</source>
            <translation>已训练 %1 / %2 次迭代</translation>
        </message>
    </context>
    <context>
        <name>TrainingPanel</name>
        <message>
            <source>L2 regularization: the optimizer's weight_decay (AdamW: decoupled weight decay)</source>
            <translation>L2 正则化：优化器的 weight_decay（AdamW：解耦的权重衰减）</translation>
        </message>
        <message>
            <source>full batch</source>
            <translation>整批</translation>
        </message>
        <message>
            <source>shuffle each epoch</source>
            <translation>每个轮次打乱顺序</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>Optimizer</source>
            <translation>优化器</translation>
        </message>
        <message>
            <source>Scheduler</source>
            <translation>学习率调度器</translation>
        </message>
        <message>
            <source>Batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>L2 λ (weight decay)</source>
            <translation>L2 λ（权重衰减）</translation>
        </message>
        <message>
            <source>Precision</source>
            <translation>数值精度</translation>
        </message>
    </context>
    <context>
        <name>WeightsPanel</name>
        <message>
            <source>train biases</source>
            <translation>训练偏置</translation>
        </message>
        <message>
            <source>Initial weights</source>
            <translation>初始权重</translation>
        </message>
        <message>
            <source>Init seed</source>
            <translation>初始化随机种子</translation>
        </message>
        <message>
            <source>Seed (dropout, shuffle)</source>
            <translation>随机种子（Dropout、打乱顺序）</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <source>Welcome to bpviewer</source>
            <translation>欢迎使用 bpviewer</translation>
        </message>
        <message>
            <source>&lt;b&gt;Step through backpropagation one click at a time.&lt;/b&gt; Pick an example network (the text on the right says what to show with it), start the lesson that follows the course, or open a network file. The clicker's forward key (→, Page Down or Space) computes the next step; F1 lists every key.</source>
            <translation>&lt;b&gt;一次点击一步，逐步演示反向传播。&lt;/b&gt;选择一个示例网络（右侧说明了它适合演示什么），开始按课程顺序编排的课程，或打开一个网络文件。翻页笔的前进键（→、Page Down 或空格）计算下一步；按 F1 查看全部快捷键。</translation>
        </message>
        <message>
            <source>Your practice so far (right at the first try / asked): </source>
            <translation>你的练习进度（首次答对 / 已答）：</translation>
        </message>
        <message>
            <source>Load this example</source>
            <translation>载入此示例</translation>
        </message>
        <message>
            <source>Open the example network selected on the left</source>
            <translation>打开左侧选中的示例网络</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Keep the network that is open</source>
            <translation>保留当前打开的网络</translation>
        </message>
        <message>
            <source>Start the course lesson</source>
            <translation>开始课程</translation>
        </message>
        <message>
            <source>Mazur forward, backward, update, 10,000 iterations, XOR, optimizers</source>
            <translation>Mazur 例子的前向传播、反向传播、参数更新，10,000 次迭代，XOR，优化器</translation>
        </message>
        <message>
            <source>Open file…</source>
            <translation>打开文件…</translation>
        </message>
        <message>
            <source>Open a bpviewer network file (.json)</source>
            <translation>打开 bpviewer 网络文件（.json）</translation>
        </message>
        <message>
            <source>Show this window when bpviewer starts</source>
            <translation>启动 bpviewer 时显示此窗口</translation>
        </message>
        <message>
            <source>Help ▸ Welcome… shows it at any time</source>
            <translation>随时可通过“帮助 ▸ 欢迎…”打开</translation>
        </message>
    </context>
    <context>
        <name>parent</name>
        <message>
            <source>Export exercises</source>
            <translation>导出练习</translation>
        </message>
        <message>
            <source>Variants (one per student):</source>
            <translation>份数（每位学生一份）：</translation>
        </message>
        <message>
            <source>Seed (the same seed gives the same sheets):</source>
            <translation>随机种子（相同种子生成相同练习）：</translation>
        </message>
        <message>
            <source>Folder for the exercise sheets</source>
            <translation>练习卷的文件夹</translation>
        </message>
        <message>
            <source>Cannot export exercises</source>
            <translation>无法导出练习</translation>
        </message>
    </context>
    <context>
        <name>Actions</name>
        <message>
            <source>Steps</source>
            <translation>单步</translation>
        </message>
        <message>
            <source>or</source>
            <translation>或</translation>
        </message>
        <message>
            <source>Zoom the graph</source>
            <translation>缩放网络图</translation>
        </message>
        <message>
            <source>&amp;Open…</source>
            <translation>打开(&amp;O)…</translation>
        </message>
        <message>
            <source>Open a network file</source>
            <translation>打开网络文件</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Open &amp;Recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>The networks opened or saved lately</source>
            <translation>最近打开或保存过的网络</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Save the network with its current weights</source>
            <translation>保存网络及其当前权重</translation>
        </message>
        <message>
            <source>Save &amp;As…</source>
            <translation>另存为(&amp;A)…</translation>
        </message>
        <message>
            <source>Save the network under a new name</source>
            <translation>以新文件名保存网络</translation>
        </message>
        <message>
            <source>&amp;Presets…</source>
            <translation>示例网络(&amp;P)…</translation>
        </message>
        <message>
            <source>Open one of the course's example networks</source>
            <translation>打开课程中的一个示例网络</translation>
        </message>
        <message>
            <source>Import Play&amp;ground Link…</source>
            <translation>导入 Playground 链接(&amp;G)…</translation>
        </message>
        <message>
            <source>Replace the network with the one a TensorFlow Playground address describes</source>
            <translation>用 TensorFlow Playground 地址所描述的网络替换当前网络</translation>
        </message>
        <message>
            <source>&amp;Export Graph…</source>
            <translation>导出网络图(&amp;E)…</translation>
        </message>
        <message>
            <source>Save the network drawing as PNG or SVG</source>
            <translation>把网络图保存为 PNG 或 SVG</translation>
        </message>
        <message>
            <source>Export Ta&amp;ble as CSV…</source>
            <translation>把表格导出为 CSV(&amp;B)…</translation>
        </message>
        <message>
            <source>Save the table shown in the Tables dock as CSV, at full precision</source>
            <translation>以完整精度把“表格”面板中显示的表格保存为 CSV</translation>
        </message>
        <message>
            <source>Export Plo&amp;ts as PNG…</source>
            <translation>把曲线图导出为 PNG(&amp;T)…</translation>
        </message>
        <message>
            <source>Save the Plots dock's figure as a PNG image</source>
            <translation>把“曲线图”面板中的图保存为 PNG 图片</translation>
        </message>
        <message>
            <source>Export &amp;Handout…</source>
            <translation>导出讲义(&amp;H)…</translation>
        </message>
        <message>
            <source>Save this iteration's worked example as HTML or PDF for the students</source>
            <translation>把本次迭代的完整计算过程保存为 HTML 或 PDF 讲义，发给学生</translation>
        </message>
        <message>
            <source>Export E&amp;xercises…</source>
            <translation>导出练习(&amp;X)…</translation>
        </message>
        <message>
            <source>Write exercise sheets with keys: this network with fresh numbers for each student</source>
            <translation>生成带答案的练习卷：为每位学生生成数值不同的同一网络</translation>
        </message>
        <message>
            <source>Export as P&amp;yTorch Script…</source>
            <translation>导出为 PyTorch 脚本(&amp;Y)…</translation>
        </message>
        <message>
            <source>Save the network and its training as a plain PyTorch script that prints the same numbers</source>
            <translation>将网络及其训练保存为普通的 PyTorch 脚本，它打印出相同的数字</translation>
        </message>
        <message>
            <source>Import PyTorch &amp;Weights…</source>
            <translation>导入 PyTorch 权重(&amp;W)…</translation>
        </message>
        <message>
            <source>Replace the weights with a state_dict saved by torch.save(model.state_dict(), …)</source>
            <translation>用 torch.save(model.state_dict(), …) 保存的 state_dict 替换权重</translation>
        </message>
        <message>
            <source>Open &amp;Lesson…</source>
            <translation>打开课程(&amp;L)…</translation>
        </message>
        <message>
            <source>Open a lesson file: presets, step targets and notes, advanced by the clicker</source>
            <translation>打开课程文件：示例网络、单步位置和讲解备注，用翻页笔推进</translation>
        </message>
        <message>
            <source>Start the &amp;Course Lesson</source>
            <translation>开始配套课程(&amp;C)</translation>
        </message>
        <message>
            <source>The shipped lesson: Mazur forward, backward, update, 10,000 iterations, XOR, optimizers</source>
            <translation>内置课程：Mazur 例子的前向传播、反向传播、参数更新，10,000 次迭代，XOR，优化器</translation>
        </message>
        <message>
            <source>Lea&amp;ve Lesson</source>
            <translation>退出课程(&amp;V)</translation>
        </message>
        <message>
            <source>Back to stepping freely</source>
            <translation>回到自由单步</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>Close the window</source>
            <translation>关闭窗口</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>Undo the last edit</source>
            <translation>撤销上一次修改</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>Redo the edit</source>
            <translation>重做该修改</translation>
        </message>
        <message>
            <source>&amp;Network Builder…</source>
            <translation>网络构建器(&amp;N)…</translation>
        </message>
        <message>
            <source>Change layers, activations, loss, optimizer and data</source>
            <translation>修改网络层、激活函数、损失函数、优化器和数据</translation>
        </message>
        <message>
            <source>&amp;Previous Step</source>
            <translation>上一步(&amp;P)</translation>
        </message>
        <message>
            <source>Go back one step (clicker: back)</source>
            <translation>后退一步（翻页笔：后退）</translation>
        </message>
        <message>
            <source>&amp;Step</source>
            <translation>单步(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Next Step</source>
            <translation>下一步(&amp;N)</translation>
        </message>
        <message>
            <source>Compute the next step (clicker: forward)</source>
            <translation>计算下一步（翻页笔：前进）</translation>
        </message>
        <message>
            <source>&amp;Start of Iteration</source>
            <translation>本次迭代开头(&amp;S)</translation>
        </message>
        <message>
            <source>First step of this iteration</source>
            <translation>本次迭代的第一步</translation>
        </message>
        <message>
            <source>&amp;End of Iteration</source>
            <translation>本次迭代结尾(&amp;E)</translation>
        </message>
        <message>
            <source>Last step of this iteration</source>
            <translation>本次迭代的最后一步</translation>
        </message>
        <message>
            <source>Previous &amp;Iteration</source>
            <translation>上一次迭代(&amp;I)</translation>
        </message>
        <message>
            <source>The previous iteration, completed</source>
            <translation>上一次迭代（已完成）</translation>
        </message>
        <message>
            <source>Next I&amp;teration</source>
            <translation>下一次迭代(&amp;T)</translation>
        </message>
        <message>
            <source>Train one more iteration, completed</source>
            <translation>再训练一次迭代（完整计算）</translation>
        </message>
        <message>
            <source>&amp;Go to Iteration…</source>
            <translation>跳到迭代(&amp;G)…</translation>
        </message>
        <message>
            <source>Type the iteration to show and press Enter (later ones are trained)</source>
            <translation>输入要显示的迭代次数并按回车（尚未计算的迭代会先训练）</translation>
        </message>
        <message>
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <source>Train continuously; press again to pause</source>
            <translation>连续训练；再按一次暂停</translation>
        </message>
        <message>
            <source>Rese&amp;t to Iteration 0</source>
            <translation>回到第 0 次迭代(&amp;T)</translation>
        </message>
        <message>
            <source>Back to the initial weights (the history is kept)</source>
            <translation>回到初始权重（保留历史记录）</translation>
        </message>
        <message>
            <source>Pra&amp;ctice</source>
            <translation>练习(&amp;C)</translation>
        </message>
        <message>
            <source>Compute each result before it is shown: type it in the box, Enter checks it; press again to leave</source>
            <translation>在显示结果之前自己计算：在框中输入，按回车检查；再按一次退出</translation>
        </message>
        <message>
            <source>Show the &amp;Answer</source>
            <translation>显示答案(&amp;A)</translation>
        </message>
        <message>
            <source>Practice: show the open question's answer (the teacher's key)</source>
            <translation>练习：显示当前问题的答案（教师用键）</translation>
        </message>
        <message>
            <source>One &amp;Neuron per Step</source>
            <translation>每步一个神经元(&amp;N)</translation>
        </message>
        <message>
            <source>Steps of one neuron or one weight</source>
            <translation>每步计算一个神经元或一个权重</translation>
        </message>
        <message>
            <source>Neuron</source>
            <translation>神经元</translation>
        </message>
        <message>
            <source>One &amp;Layer per Step</source>
            <translation>每步一层(&amp;L)</translation>
        </message>
        <message>
            <source>Steps of one whole layer</source>
            <translation>每步计算一整层</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>One P&amp;hase per Step</source>
            <translation>每步一个阶段(&amp;H)</translation>
        </message>
        <message>
            <source>Forward, loss, backward, update</source>
            <translation>前向传播、损失、反向传播、更新</translation>
        </message>
        <message>
            <source>Phase</source>
            <translation>阶段</translation>
        </message>
        <message>
            <source>Zoom Graph &amp;In</source>
            <translation>放大网络图(&amp;I)</translation>
        </message>
        <message>
            <source>Enlarge the network drawing (also Ctrl+wheel)</source>
            <translation>放大网络图（也可用 Ctrl+滚轮）</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Zoom Graph &amp;Out</source>
            <translation>缩小网络图(&amp;O)</translation>
        </message>
        <message>
            <source>Shrink the network drawing (also Ctrl+wheel)</source>
            <translation>缩小网络图（也可用 Ctrl+滚轮）</translation>
        </message>
        <message>
            <source>&amp;Fit Graph</source>
            <translation>适应窗口(&amp;F)</translation>
        </message>
        <message>
            <source>Fit the whole network in view</source>
            <translation>让整个网络显示在视图中</translation>
        </message>
        <message>
            <source>&amp;Larger Text</source>
            <translation>放大文字(&amp;L)</translation>
        </message>
        <message>
            <source>Larger text everywhere</source>
            <translation>放大所有文字</translation>
        </message>
        <message>
            <source>&amp;Smaller Text</source>
            <translation>缩小文字(&amp;S)</translation>
        </message>
        <message>
            <source>Smaller text everywhere</source>
            <translation>缩小所有文字</translation>
        </message>
        <message>
            <source>&amp;Normal Text Size</source>
            <translation>默认文字大小(&amp;N)</translation>
        </message>
        <message>
            <source>Default text size</source>
            <translation>恢复默认文字大小</translation>
        </message>
        <message>
            <source>&amp;Presenter Mode</source>
            <translation>演示模式(&amp;P)</translation>
        </message>
        <message>
            <source>Large, high-contrast graph and chain rule only</source>
            <translation>只显示大字号、高对比度的网络图和链式法则</translation>
        </message>
        <message>
            <source>F&amp;ull Screen</source>
            <translation>全屏(&amp;U)</translation>
        </message>
        <message>
            <source>Fill the screen</source>
            <translation>占满整个屏幕</translation>
        </message>
        <message>
            <source>&amp;Dark Theme</source>
            <translation>深色主题(&amp;D)</translation>
        </message>
        <message>
            <source>Light text on dark background</source>
            <translation>深色背景浅色文字</translation>
        </message>
        <message>
            <source>&amp;Animate Steps</source>
            <translation>步骤动画(&amp;A)</translation>
        </message>
        <message>
            <source>On each click, dots carry the values (forward) or the gradients (backward) along the edges the step reads</source>
            <translation>每次单击时，圆点沿这一步读取的边传递数值（前向）或梯度（反向）</translation>
        </message>
        <message>
            <source>Neuron &amp;Maps</source>
            <translation>神经元热图(&amp;M)</translation>
        </message>
        <message>
            <source>For points in a plane: each neuron's circle filled with its activation over the plane, as TensorFlow Playground draws it</source>
            <translation>平面上的数据点：每个神经元的圆圈填充它在整个平面上的激活值，与 TensorFlow Playground 的画法相同</translation>
        </message>
        <message>
            <source>&amp;Network</source>
            <translation>网络(&amp;N)</translation>
        </message>
        <message>
            <source>Back to the network and its chain rule</source>
            <translation>回到网络和链式法则</translation>
        </message>
        <message>
            <source>&amp;Labs</source>
            <translation>实验(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;1 Activation functions</source>
            <translation>&amp;1 激活函数</translation>
        </message>
        <message>
            <source>f and f′ side by side, saturation, softmax's Jacobian</source>
            <translation>f 与 f′ 对照、饱和区、softmax 的雅可比矩阵</translation>
        </message>
        <message>
            <source>&amp;2 Loss functions</source>
            <translation>&amp;2 损失函数</translation>
        </message>
        <message>
            <source>Each term and derivative of MAE, MSE, SmoothL1, BCE, cross-entropy</source>
            <translation>MAE、MSE、SmoothL1、BCE、交叉熵的每一项及其导数</translation>
        </message>
        <message>
            <source>&amp;3 Gradient check</source>
            <translation>&amp;3 梯度检验</translation>
        </message>
        <message>
            <source>Central differences against backprop on the current network</source>
            <translation>在当前网络上用中心差分检验反向传播</translation>
        </message>
        <message>
            <source>&amp;4 Optimizer race</source>
            <translation>&amp;4 优化器比赛</translation>
        </message>
        <message>
            <source>SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW in 2-D</source>
            <translation>SGD、Momentum、Nesterov、AdaGrad、RMSprop、Adam、AdamW 的二维对比</translation>
        </message>
        <message>
            <source>&amp;5 LR schedules and averages</source>
            <translation>&amp;5 学习率调度与加权平均</translation>
        </message>
        <message>
            <source>StepLR, MultiStepLR, ExponentialLR; weighted averages</source>
            <translation>StepLR、MultiStepLR、ExponentialLR；指数加权平均</translation>
        </message>
        <message>
            <source>&amp;6 Regularization</source>
            <translation>&amp;6 正则化</translation>
        </message>
        <message>
            <source>Dropout, L1 against L2, batch normalization step by step</source>
            <translation>Dropout、L1 与 L2 对比、逐步演示批归一化</translation>
        </message>
        <message>
            <source>Language: &amp;System</source>
            <translation>语言：跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>Follow the computer's language setting</source>
            <translation>使用计算机的语言设置</translation>
        </message>
        <message>
            <source>Language: &amp;English</source>
            <translation>语言：English(&amp;E)</translation>
        </message>
        <message>
            <source>English interface</source>
            <translation>英文界面</translation>
        </message>
        <message>
            <source>Language: 中文 (&amp;Chinese)</source>
            <translation>语言：中文(&amp;C)</translation>
        </message>
        <message>
            <source>Chinese interface</source>
            <translation>中文界面</translation>
        </message>
        <message>
            <source>&amp;Welcome…</source>
            <translation>欢迎(&amp;W)…</translation>
        </message>
        <message>
            <source>The example networks, the course lesson and opening a file</source>
            <translation>示例网络、配套课程和打开文件</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Keyboard Shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>Every key of the window</source>
            <translation>窗口的全部快捷键</translation>
        </message>
        <message>
            <source>&amp;About bpviewer</source>
            <translation>关于 bpviewer(&amp;A)</translation>
        </message>
        <message>
            <source>Version and purpose</source>
            <translation>版本和用途</translation>
        </message>
    </context>
    <context>
        <name>Labs</name>
        <message>
            <source>Activation functions</source>
            <translation>激活函数</translation>
        </message>
        <message>
            <source>Loss functions</source>
            <translation>损失函数</translation>
        </message>
        <message>
            <source>Gradient check</source>
            <translation>梯度检验</translation>
        </message>
        <message>
            <source>Optimizer race</source>
            <translation>优化器比赛</translation>
        </message>
        <message>
            <source>LR schedules and averages</source>
            <translation>学习率调度与加权平均</translation>
        </message>
        <message>
            <source>Regularization</source>
            <translation>正则化</translation>
        </message>
        <message>
            <source>Activations</source>
            <translation>激活函数</translation>
        </message>
        <message>
            <source>Losses</source>
            <translation>损失函数</translation>
        </message>
        <message>
            <source>Optimizers</source>
            <translation>优化器比赛</translation>
        </message>
        <message>
            <source>LR schedules</source>
            <translation>学习率调度与加权平均</translation>
        </message>
    </context>
</TS>
